/** US names and addresses for the English demo shop. */
export const EN_FIRST_NAMES: readonly string[] = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
  "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Chris", "Karen", "Daniel", "Emily",
  "Matthew", "Ashley", "Anthony", "Olivia", "Mark", "Emma", "Steven", "Sophia", "Andrew", "Ava", "Joshua", "Mia",
  "Kevin", "Harper", "Brian", "Chloe", "Ryan", "Grace", "Ethan", "Lily", "Noah", "Zoe", "Liam", "Nora", "Lucas", "Maya",
];

export const EN_LAST_NAMES: readonly string[] = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
  "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
  "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
  "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Tanaka", "Kim", "Chen", "Patel",
];

export type UsPlace = { state: string; code: string; city: string; zip: readonly [number, number]; area: readonly string[]; weight: number };

export const US_PLACES: readonly UsPlace[] = [
  { state: "New York", code: "US-NY", city: "New York", zip: [10001, 10282], area: ["212", "646", "917"], weight: 9 },
  { state: "New York", code: "US-NY", city: "Brooklyn", zip: [11201, 11239], area: ["718", "347"], weight: 6 },
  { state: "California", code: "US-CA", city: "Los Angeles", zip: [90001, 90089], area: ["213", "310", "323"], weight: 9 },
  { state: "California", code: "US-CA", city: "San Francisco", zip: [94102, 94134], area: ["415", "628"], weight: 6 },
  { state: "California", code: "US-CA", city: "San Diego", zip: [92101, 92130], area: ["619", "858"], weight: 4 },
  { state: "Washington", code: "US-WA", city: "Seattle", zip: [98101, 98199], area: ["206"], weight: 5 },
  { state: "Oregon", code: "US-OR", city: "Portland", zip: [97201, 97239], area: ["503", "971"], weight: 4 },
  { state: "Texas", code: "US-TX", city: "Austin", zip: [78701, 78759], area: ["512", "737"], weight: 5 },
  { state: "Texas", code: "US-TX", city: "Houston", zip: [77001, 77099], area: ["713", "832"], weight: 5 },
  { state: "Illinois", code: "US-IL", city: "Chicago", zip: [60601, 60661], area: ["312", "773"], weight: 6 },
  { state: "Massachusetts", code: "US-MA", city: "Boston", zip: [2108, 2137], area: ["617", "857"], weight: 4 },
  { state: "Colorado", code: "US-CO", city: "Denver", zip: [80202, 80249], area: ["303", "720"], weight: 3 },
  { state: "Georgia", code: "US-GA", city: "Atlanta", zip: [30303, 30350], area: ["404", "470"], weight: 3 },
  { state: "Florida", code: "US-FL", city: "Miami", zip: [33101, 33199], area: ["305", "786"], weight: 4 },
  { state: "Hawaii", code: "US-HI", city: "Honolulu", zip: [96813, 96826], area: ["808"], weight: 2 },
  { state: "Minnesota", code: "US-MN", city: "Minneapolis", zip: [55401, 55488], area: ["612"], weight: 2 },
];

export const US_STREETS: readonly string[] = [
  "Main St", "Oak Ave", "Maple St", "Cedar Ln", "Park Ave", "Pine St", "Elm St", "Washington Blvd", "Lake Dr",
  "Hillside Rd", "Sunset Blvd", "Broadway", "Market St", "2nd Ave", "5th St", "Mission St",
];

import { describe, expect, it } from "vitest";
import type { AddressRow } from "../sync/types";
import { addressLines, personName } from "./address";

const tokyo: AddressRow = {
  firstName: "花子",
  lastName: "山田",
  company: null,
  address1: "神宮前1-2-3",
  address2: "つなぐビル 301",
  city: "渋谷区",
  province: "Tokyo",
  provinceCode: "JP-13",
  country: "Japan",
  countryCode: "JP",
  zip: "150-0001",
  phone: null,
};

describe("addressLines", () => {
  it("writes a Japanese address postal code first, then prefecture, city, street, building", () => {
    expect(addressLines(tokyo, "ja")).toEqual(["〒150-0001", "東京都渋谷区神宮前1-2-3", "つなぐビル 301", "山田 花子"]);
  });

  it("keeps the postal code first for a Japanese address shown in English", () => {
    expect(addressLines(tokyo, "en")[0]).toBe("〒150-0001");
    expect(addressLines(tokyo, "en")[1]).toBe("Tokyo, 渋谷区");
  });

  it("writes other countries street first", () => {
    const us: AddressRow = { ...tokyo, firstName: "Alex", lastName: "Morgan", address1: "1 Main St", address2: null, city: "Springfield", provinceCode: "US-IL", countryCode: "US", country: "United States", zip: "62701" };
    expect(addressLines(us, "en")).toEqual(["Alex Morgan", "1 Main St", "Springfield, IL 62701", "United States"]);
  });
});

describe("personName", () => {
  it("puts the family name first for Japanese names only", () => {
    expect(personName("花子", "山田")).toBe("山田 花子");
    expect(personName("Alex", "Morgan")).toBe("Alex Morgan");
    expect(personName(null, "山田")).toBe("山田");
  });
});

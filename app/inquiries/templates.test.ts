import { describe, expect, it } from "vitest";
import { customerSalutation, renderTemplate, templateVariables } from "./templates";

describe("renderTemplate", () => {
  it("addresses a Japanese customer by family name first with 様", () => {
    const r = renderTemplate("{{customer_name}}\nご注文{{order_number}}を発送しました。{{tracking_url}}", {
      locale: "ja",
      customerLastName: "山田",
      customerFirstName: "太郎",
      orderNumber: "1043",
      trackingUrl: "https://track.example/abc",
    });
    expect(r.text).toBe("山田 太郎 様\nご注文#1043を発送しました。https://track.example/abc");
    expect(r.unknown).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  it("never puts 様 after an email address or a bare company suffix", () => {
    expect(customerSalutation({ locale: "ja", customerName: "taro@example.jp" })).toBe("お客様");
    expect(customerSalutation({ locale: "ja", customerName: "株式会社" })).toBe("お客様");
    expect(customerSalutation({ locale: "ja" })).toBe("お客様");
    expect(customerSalutation({ locale: "ja", customerName: "佐藤 花子 様" })).toBe("佐藤 花子 様");
  });

  it("says Dear <first name> in English", () => {
    const r = renderTemplate("Dear {{customer_name}}, this is {{agent_name}} from {{shop_name}} about {{ inquiry_number }}.", {
      locale: "en",
      customerFirstName: "Emma",
      customerLastName: "Brown",
      agentName: "Ken",
      shopName: "Tsunagu Tea",
      inquiryNumber: 1001,
    });
    expect(r.text).toBe("Dear Emma, this is Ken from Tsunagu Tea about #1001.");
    expect(renderTemplate("Dear {{customer_name}},", { locale: "en", customerName: "Liam Smith" }).text).toBe("Dear Liam,");
    expect(renderTemplate("Dear {{customer_name}},", { locale: "en", customerName: "liam@example.com" }).text).toBe("Dear customer,");
  });

  it("leaves unknown and missing variables visible and reports them", () => {
    const r = renderTemplate("{{custmer_name}} {{order_number}} {{tracking_url}}", { locale: "ja", orderNumber: "#1001" });
    expect(r.text).toBe("{{custmer_name}} #1001 {{tracking_url}}");
    expect(r.unknown).toEqual(["custmer_name"]);
    expect(r.missing).toEqual(["tracking_url"]);
  });

  it("inserts values as text, once (no HTML, no second expansion)", () => {
    const r = renderTemplate("{{customer_name}}", { locale: "en", customerFirstName: "<img src=x onerror=alert(1)>{{shop_name}}", shopName: "X" });
    expect(r.text).toBe("<img src=x onerror=alert(1)>{{shop_name}}");
  });

  it("lists the variables a body uses", () => {
    expect(templateVariables("{{customer_name}} {{foo}} {{order_number}}")).toEqual({ known: ["customer_name", "order_number"], unknown: ["foo"] });
  });
});

import { describe, expect, it } from "vitest";
import { defineRule, formatMessage, unwaivableMessagesIn } from "../../policies/rule";

describe("formatMessage", () => {
  it("fills every placeholder, spaces inside the braces allowed, numbers as written", () => {
    expect(formatMessage("Client '{{client}}' asks {{ count }} times, {{count}} in all.", { client: "bot", count: 3 })).toBe("Client 'bot' asks 3 times, 3 in all.");
  });

  it("throws for a placeholder without data: a bug in the rule, not a message with a hole", () => {
    expect(() => formatMessage("Client '{{client}}'.", {})).toThrow(new Error("message placeholder 'client' has no data"));
  });
});

describe("unwaivableMessagesIn", () => {
  const rule = (props: { neverWaivable?: ("a" | "b" | "c")[]; unwaivableInProd?: ("a" | "b" | "c")[] }) =>
    defineRule({ id: "grant-shape", description: "A rule.", severity: { nonprod: "error", prod: "error" }, messages: { a: "A.", b: "B.", c: "C." }, check() {}, ...props });

  it("names the never-waivable messages in nonprod, and those plus the prod-only ones in prod", () => {
    const some = rule({ neverWaivable: ["a"], unwaivableInProd: ["b"] });
    expect(unwaivableMessagesIn(some, "nonprod")).toEqual(["a"]);
    expect(unwaivableMessagesIn(some, "prod")).toEqual(["b", "a"]);
  });

  it("names none in nonprod for a rule without never-waivable messages", () => {
    expect(unwaivableMessagesIn(rule({ unwaivableInProd: ["b"] }), "nonprod")).toEqual([]);
  });
});

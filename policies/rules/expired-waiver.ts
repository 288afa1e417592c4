import { defineRule } from "../rule";
import { describeWaiver, waiverScope } from "../waiver-text";

/** Waivers are temporary: one past its date waives nothing and is reported. */
export default defineRule({
  id: "expired-waiver",
  description: "No waiver is past its expiry date (an expired waiver no longer waives anything).",
  severity: { nonprod: "warning", prod: "error" },
  phase: "waivers",
  messages: {
    expired: "Waiver of rule '{{rule}}' for {{scope}} (owner '{{owner}}') expired on {{expires}}; the findings it waived count again, so fix them or renew the waiver with a new date.",
  },
  check({ waiverUses, report }) {
    for (const { waiver, expired } of waiverUses) {
      if (!expired) continue;
      report({
        messageId: "expired",
        data: { rule: waiver.rule.value, scope: describeWaiver(waiver), owner: waiver.owner.value, expires: waiver.expires.value },
        at: waiver.expires.loc,
        scope: waiverScope(waiver),
        target: `waiver/${waiver.index}`,
      });
    }
  },
});

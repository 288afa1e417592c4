import { defineRule } from "../rule";
import { describeWaiver, waiverScope } from "../waiver-text";

/** Every waiver accepts something: one that matches nothing hides nothing but will hide the next regression. */
export default defineRule({
  id: "unused-waiver",
  description: "Every active waiver accepts at least one finding, and none tries to waive a rule that prod does not let be waived.",
  severity: { nonprod: "warning", prod: "warning" },
  phase: "waivers",
  messages: {
    matchesNothing: "Waiver of rule '{{rule}}' for {{scope}} matches no finding; expected it removed, or it will silently accept the next such finding.",
    refusedInProd: "Waiver of rule '{{rule}}' for {{scope}} cannot accept the finding in '{{stack}}': rule '{{rule}}' lets no waiver accept this finding there; expected the finding fixed instead.",
  },
  check({ waiverUses, report }) {
    for (const use of waiverUses) {
      const { waiver } = use;
      if (use.expired) continue;
      const base = { scope: waiverScope(waiver), target: `waiver/${waiver.index}`, at: waiver.loc } as const;
      const data = { rule: waiver.rule.value, scope: describeWaiver(waiver) };
      const refusedStacks = [...new Set(use.refused.map((finding) => `${finding.tenant}-${finding.environment ?? ""}`))];
      for (const stack of refusedStacks) report({ ...base, messageId: "refusedInProd", data: { ...data, stack } });
      if (use.waived.length === 0 && use.refused.length === 0) report({ ...base, messageId: "matchesNothing", data });
    }
  },
});

import { getReferencesInExpression } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { isExpressionText, ReferenceIndex } from "../../terraform/json-form";

describe("ReferenceIndex", () => {
  const texts = [
    "${data.genesyscloud_auth_role.bot.id}",
    "${var.region}",
    "${genesyscloud_oauth_client.bot[0].client_id}",
    "${local.settings.scopes}",
    "${self.name}",
    "${var.prefix}-bot",
    '${contains([self.name, self.third_party_org_name], "acme")}',
    "${lookup(var.ids, \"prod\")}",
  ];

  it.each(texts)("finds the references HCL's own parser finds in %s", async (text) => {
    const index = new ReferenceIndex();
    await index.add([text]);
    const expected = (await getReferencesInExpression("expected.tf", text)).map((reference) => reference.value);
    expect(index.referencesOf(text)).toEqual(expected);
  });

  it("treats only unescaped ${ and %{ as expressions", () => {
    expect([isExpressionText("${var.x}"), isExpressionText("a %{ if true }b%{ endif }"), isExpressionText("$${literal}"), isExpressionText("plain")]).toEqual([true, true, false, false]);
  });
});

import { describe, expect, it } from "vitest";
import type { BackendModel } from "../../model/model";
import { describeStateLocation, stateLocationKey, stateLocationOf } from "../../config/outputs";

const loc = { file: "scopegate.yaml", line: 1, column: 1 };
const text = (value: string) => ({ value, loc });
const s3 = (bucket: string, keyPrefix?: string): BackendModel => ({ type: "s3", bucket: text(bucket), region: text("eu-west-1"), keyPrefix: keyPrefix === undefined ? undefined : text(keyPrefix), dynamodbTable: undefined, loc });
const remote = (hostname?: string): BackendModel => ({ type: "remote", organization: text("acme-platform"), hostname: hostname === undefined ? undefined : text(hostname), workspacePrefix: undefined, loc });

describe("stateLocationOf: where a stack's state lives, defaults applied", () => {
  it("resolves local paths against the configuration's directory, the default one included", () => {
    expect(stateLocationOf({ stackName: "acme-dev", backend: { type: "local", loc } }, "/work/config")).toEqual({ type: "local", path: "/work/config/state/acme-dev.tfstate" });
    const written = stateLocationOf({ stackName: "acme-prod", backend: { type: "local", path: text("./state/../prod.tfstate"), loc } }, "/work/config");
    expect(written).toEqual({ type: "local", path: "/work/config/prod.tfstate" });
    expect(describeStateLocation(written, "/work/config")).toBe("local state file 'prod.tfstate'");
    expect(describeStateLocation({ type: "local", path: "/var/state/x.tfstate" }, "/work/config")).toBe("local state file '/var/state/x.tfstate'");
  });

  it("keys an S3 state '<keyPrefix>/<stack>.tfstate' with one slash, 'scopegate/' by default", () => {
    expect(stateLocationOf({ stackName: "acme-prod", backend: s3("acme-state", "/genesys/") }, "/")).toMatchObject({ bucket: "acme-state", key: "genesys/acme-prod.tfstate" });
    expect(stateLocationOf({ stackName: "acme-prod", backend: s3("acme-state") }, "/")).toMatchObject({ key: "scopegate/acme-prod.tfstate" });
  });

  it("names a remote workspace '<prefix><stack>' on app.terraform.io by default", () => {
    expect(stateLocationOf({ stackName: "acme-prod", backend: remote() }, "/")).toEqual({ type: "remote", hostname: "app.terraform.io", organization: "acme-platform", workspace: "scopegate-acme-prod" });
  });

  it("gives one key to one state: same bucket and key, same workspace on a host written in another case", () => {
    const key = (stackName: string, backend: BackendModel) => stateLocationKey(stateLocationOf({ stackName, backend }, "/"));
    expect(key("acme-prod", s3("acme-state", "genesys"))).toBe(key("acme-prod", s3("acme-state", "/genesys/")));
    expect(key("acme-prod", s3("acme-state"))).not.toBe(key("acme-prod", s3("other-state")));
    expect(key("acme-prod", s3("acme-state"))).not.toBe(key("acme-dev", s3("acme-state")));
    expect(key("acme-prod", remote("APP.Terraform.io"))).toBe(key("acme-prod", remote()));
  });
});

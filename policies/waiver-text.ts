import type { WaiverModel } from "../model/model";
import type { FindingScope } from "./rule";

/** `tenant 'acme' environment 'prod' client 'bot-connector'`: what a waiver covers, for messages. */
export function describeWaiver(waiver: WaiverModel): string {
  const parts = [`tenant '${waiver.tenant.value}'`];
  if (waiver.environment !== undefined) parts.push(`environment '${waiver.environment.value}'`);
  if (waiver.client !== undefined) parts.push(`client '${waiver.client.value}'`);
  return parts.join(" ");
}

/** The org (or tenant) a finding about a waiver is counted in. */
export function waiverScope(waiver: WaiverModel): FindingScope {
  return { tenant: waiver.tenant.value, environment: waiver.environment?.value };
}

/**
 * Genesys Cloud regions as the provider (v1.84.1, provider.go `getRegionMap`) knows them: `aws_region` value to
 * the domain behind `https://api.<domain>` and `https://login.<domain>`.
 */
export const REGION_DOMAINS: Readonly<Record<string, string>> = {
  "us-east-1": "mypurecloud.com",
  "us-east-2": "use2.us-gov-pure.cloud",
  "us-west-2": "usw2.pure.cloud",
  "eu-west-1": "mypurecloud.ie",
  "eu-west-2": "euw2.pure.cloud",
  "ap-southeast-2": "mypurecloud.com.au",
  "ap-northeast-1": "mypurecloud.jp",
  "eu-central-1": "mypurecloud.de",
  "ca-central-1": "cac1.pure.cloud",
  "ap-northeast-2": "apne2.pure.cloud",
  "ap-south-1": "aps1.pure.cloud",
  "sa-east-1": "sae1.pure.cloud",
  "ap-northeast-3": "apne3.pure.cloud",
  "eu-central-2": "euc2.pure.cloud",
  "me-central-1": "mec1.pure.cloud",
  "mx-central-1": "mxc1.pure.cloud",
  "ap-southeast-1": "apse1.pure.cloud",
  "eusc-de-east-1": "edee1.eusc-pure.cloud",
  dca: "inindca.com",
  tca: "inintca.com",
};

/** Every region name the provider accepts for `aws_region`. */
export const REGIONS: readonly string[] = Object.keys(REGION_DOMAINS);

/** The API and login base URLs of a region. Throws on a region the provider does not know. */
export function regionEndpoints(region: string): { readonly domain: string; readonly apiBaseUrl: string; readonly loginBaseUrl: string } {
  const domain = REGION_DOMAINS[region];
  if (domain === undefined) throw new Error(`Region '${region}' is not one of the provider's regions.`);
  return { domain, apiBaseUrl: `https://api.${domain}`, loginBaseUrl: `https://login.${domain}` };
}

# scopegate scan examples/terraform/provider-schema
# What `terraform validate` and the provider would reject, found offline from the vendored provider schema.
provider "genesyscloud" {
  aws_region = "eu-west-3" # expect: provider-schema
}

data "genesyscloud_auth_role" "reader" {
  name = "Analytics Reader"
}

# scopegate: capabilities=analytics-export
resource "genesyscloud_oauth_client" "export" {
  name                          = "Analytics export"
  authorized_grant_type         = "CLIENT_CREDENTIALS" # expect: provider-schema
  scopes                        = ["analytics:readonly"]
  access_token_validity_secnds  = 3600 # expect: provider-schema
  roles {
    role_id = data.genesyscloud_auth_role.reader.id
  }
}

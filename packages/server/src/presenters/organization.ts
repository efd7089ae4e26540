import type { OrganizationRecord } from '@localscale/mysql';
import type { Schema } from './schemas.js';

export function presentOrganization(org: OrganizationRecord, databaseCount: number): Schema<'Organization'> {
  return {
    id: org.id, name: org.name, billing_email: org.billingEmail ?? `billing@${org.name}.localscale.dev`,
    created_at: org.createdAt, updated_at: org.updatedAt, plan: org.plan,
    valid_billing_info: true, sso: false, sso_directory: false, single_tenancy: false, managed_tenancy: false,
    has_past_due_invoices: false, database_count: databaseCount, sso_portal_url: null, features: {},
    idp_managed_roles: false, invoice_budget_amount: '0', keyspace_shard_limit: 128, has_card: true,
    payment_info_required: false,
  };
}

import {
  ConfigServiceClient,
  DescribeOrganizationConfigRuleStatusesCommand,
  DescribeOrganizationConformancePackStatusesCommand,
  GetOrganizationConfigRuleDetailedStatusCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
} from '@aws-sdk/client-config-service';
import { TimeBudget } from '../core/time-budget';
import { collectPages } from './collect-pages';

/** How an organization rule or conformance pack stands, organization-wide. */
export interface OrganizationDeploymentStatus {
  readonly name: string;
  /** `CREATE_SUCCESSFUL`, `CREATE_FAILED`, `UPDATE_IN_PROGRESS`, … (OrganizationRuleStatus / OrganizationResourceStatus). */
  readonly status: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly updatedAt: Date | undefined;
}

/** How an organization rule or conformance pack stands in one member account. */
export interface MemberDeploymentStatus {
  readonly accountId: string;
  /** The name Config gave it in the member account (`OrgConfigRule-<name>-<suffix>` for a rule). */
  readonly deployedName: string | undefined;
  /** MemberAccountRuleStatus or OrganizationResourceDetailedStatus: `CREATE_SUCCESSFUL`, `CREATE_FAILED`, … */
  readonly status: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly updatedAt: Date | undefined;
}

// Limit 0 to 100, default 100, for all four operations (Config API reference:
// DescribeOrganizationConfigRuleStatuses, GetOrganizationConfigRuleDetailedStatus,
// DescribeOrganizationConformancePackStatuses, GetOrganizationConformancePackDetailedStatus).
const ORGANIZATION_PAGE = 100;

/**
 * Where Config deployed the organization's rules and conformance packs,
 * account by account, as only the management account or Config's delegated
 * administrator may read it (others get OrganizationAccessDeniedException).
 * The lists are asked for without names: with names, Limit and NextToken "are
 * not applicable", and an unknown name fails the call.
 */
export class ConfigOrganizationStatus {
  public constructor(private readonly config: ConfigServiceClient) {}

  /** Every organization Config rule's deployment status. */
  public async ruleStatuses(): Promise<OrganizationDeploymentStatus[]> {
    return collectPages('DescribeOrganizationConfigRuleStatuses', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(new DescribeOrganizationConfigRuleStatusesCommand({ Limit: ORGANIZATION_PAGE, NextToken: token }));
      const items = (page.OrganizationConfigRuleStatuses ?? []).map((status) => ({
        name: status.OrganizationConfigRuleName ?? '',
        status: status.OrganizationRuleStatus,
        errorCode: status.ErrorCode,
        errorMessage: status.ErrorMessage,
        updatedAt: status.LastUpdateTime,
      }));
      return { items, next: page.NextToken };
    });
  }

  /** One organization rule's status in every member account (GetOrganizationConfigRuleDetailedStatus). */
  public async ruleMembers(organizationRuleName: string): Promise<MemberDeploymentStatus[]> {
    return collectPages('GetOrganizationConfigRuleDetailedStatus', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new GetOrganizationConfigRuleDetailedStatusCommand({ OrganizationConfigRuleName: organizationRuleName, Limit: ORGANIZATION_PAGE, NextToken: token }),
      );
      const items = (page.OrganizationConfigRuleDetailedStatus ?? []).map((member) => ({
        accountId: member.AccountId ?? '',
        deployedName: member.ConfigRuleName,
        status: member.MemberAccountRuleStatus,
        errorCode: member.ErrorCode,
        errorMessage: member.ErrorMessage,
        updatedAt: member.LastUpdateTime,
      }));
      return { items, next: page.NextToken };
    });
  }

  /** Every organization conformance pack's deployment status. */
  public async packStatuses(): Promise<OrganizationDeploymentStatus[]> {
    return collectPages('DescribeOrganizationConformancePackStatuses', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(new DescribeOrganizationConformancePackStatusesCommand({ Limit: ORGANIZATION_PAGE, NextToken: token }));
      const items = (page.OrganizationConformancePackStatuses ?? []).map((status) => ({
        name: status.OrganizationConformancePackName ?? '',
        status: status.Status,
        errorCode: status.ErrorCode,
        errorMessage: status.ErrorMessage,
        updatedAt: status.LastUpdateTime,
      }));
      return { items, next: page.NextToken };
    });
  }

  /** One organization conformance pack's status in every member account. */
  public async packMembers(packName: string): Promise<MemberDeploymentStatus[]> {
    return collectPages('GetOrganizationConformancePackDetailedStatus', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new GetOrganizationConformancePackDetailedStatusCommand({ OrganizationConformancePackName: packName, Limit: ORGANIZATION_PAGE, NextToken: token }),
      );
      const items = (page.OrganizationConformancePackDetailedStatuses ?? []).map((member) => ({
        accountId: member.AccountId ?? '',
        deployedName: member.ConformancePackName,
        status: member.Status,
        errorCode: member.ErrorCode,
        errorMessage: member.ErrorMessage,
        updatedAt: member.LastUpdateTime,
      }));
      return { items, next: page.NextToken };
    });
  }
}

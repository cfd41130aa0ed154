import { tagsCanMatter, type CertificateTags, type PolicyParameters } from '../core/certificate-policy';
import type { ServerCertificate } from '../core/server-certificate';
import type { TimeBudget } from '../core/time-budget';
import { RuleError, shortErrorName, TagReadError, TimeBudgetExceededError } from '../errors';
import { ownerAnnotationNote } from './annotation-notes';
import { mapConcurrently } from '../core/map-concurrently';
import type { CertificateTagSource, RuleDependencies } from './ports';

/** Tag look-ups in flight at once: one `ListServerCertificateTags` each. */
export const TAG_READ_CONCURRENCY = 8;

/** What a run needs tags for: the owner tag of every certificate, and the overrides of those they can concern. */
export interface TagNeeds {
  /** Present: every certificate's owner, this tag's value. */
  readonly ownerTagKey: string | undefined;
  readonly parameters: PolicyParameters;
  readonly now: Date;
}

/**
 * Reads certificates' tags for one run, one `ListServerCertificateTags`
 * call per certificate that needs them (IAM lists no tags with
 * `ListServerCertificates`: API reference, "IAM resource-listing operations
 * return a subset of the available attributes … does not return tags"):
 * every certificate when owners are named, else only those whose verdict the
 * override tags could change ({@link tagsCanMatter}). One read serves owners
 * and overrides. A read that fails does not fail the run there: the
 * certificate is judged as unreadable (no overrides, owner unknown) and the
 * failure is kept for {@link report}, once every evaluation is delivered.
 */
export class CertificateTagReader {
  private readonly unread: string[] = [];
  private firstFailure: unknown;
  private calls = 0;

  public constructor(
    private readonly source: CertificateTagSource,
    private readonly needs: TagNeeds,
  ) {}

  /** Whether this run reads any tag at all. */
  public static needed(needs: Pick<TagNeeds, 'ownerTagKey' | 'parameters'>): boolean {
    return needs.ownerTagKey !== undefined || needs.parameters.tagOverrides;
  }

  /** Each certificate's tags, in order; `undefined` for one that needs none. */
  public async read(certificates: readonly ServerCertificate[], budget: TimeBudget): Promise<(CertificateTags | undefined)[]> {
    return mapConcurrently(certificates, TAG_READ_CONCURRENCY, async (certificate): Promise<CertificateTags | undefined> => {
      if (this.needs.ownerTagKey === undefined && !tagsCanMatter(certificate, this.needs.now, this.needs.parameters)) return undefined;
      this.calls += 1;
      try {
        return { kind: 'read', tags: await this.source.tagsOf(certificate.name, budget) };
      } catch (error) {
        // A spent time budget ends the run at once, as everywhere else.
        if (error instanceof TimeBudgetExceededError) throw error;
        this.unread.push(certificate.name);
        this.firstFailure ??= error;
        return { kind: 'unreadable', reason: shortErrorName(error) };
      }
    });
  }

  /** Certificates whose tags were asked for so far. */
  public get reads(): number {
    return this.calls;
  }

  /**
   * Hands the failure, if any read failed, to `to` as a {@link TagReadError};
   * throws it when there is no `to`.
   */
  public report(to: ((error: unknown) => void) | undefined): void {
    if (this.unread.length === 0) return;
    const error = new TagReadError(this.unread, { cause: this.firstFailure });
    if (to === undefined) throw error;
    to(error);
  }
}

/**
 * The run's tag reader, when it needs tags (owners named, or overrides on);
 * overrides without a tag source are a wiring fault, never a silent "no
 * exceptions".
 */
export function tagReaderFor(
  dependencies: Pick<RuleDependencies, 'tags'>,
  ownerTagKey: string | undefined,
  parameters: PolicyParameters,
  now: Date,
): CertificateTagReader | undefined {
  if (!CertificateTagReader.needed({ ownerTagKey, parameters })) return undefined;
  if (dependencies.tags === undefined) {
    if (parameters.tagOverrides) throw new RuleError('tagOverrides is on but no tag source is wired: the handler must pass one');
    return undefined;
  }
  return new CertificateTagReader(dependencies.tags, { ownerTagKey, parameters, now });
}

/** A certificate's owner: the trimmed value of `key`; `undefined` for none, a blank one or tags not read. */
export function ownerOf(tags: CertificateTags | undefined, key: string): string | undefined {
  const value = tags?.kind === 'read' ? tags.tags.get(key)?.trim() : undefined;
  return value === undefined || value === '' ? undefined : value;
}

/** The owner note of an annotation: "owner team-web", "no owner tag", or "owner unknown (tags unread)". */
export function ownerNoteOf(tags: CertificateTags | undefined, key: string): string {
  return tags?.kind === 'unreadable' ? 'owner unknown (tags unread)' : ownerAnnotationNote(ownerOf(tags, key));
}

/** A resource the stand-in's Config recorder has "discovered". */
export interface DiscoveredResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string;
  /** Set once the recorder saw the resource deleted. */
  deletionTime: Date | undefined;
}

/**
 * What `ListDiscoveredResources` answers from: resources the recorder knows,
 * including ones it saw deleted (listed only with `includeDeletedResources`).
 */
export class DiscoveredResources {
  private readonly resources: DiscoveredResource[] = [];

  /** Records a resource as discovered. */
  public add(resourceType: string, resourceId: string, resourceName: string): void {
    this.resources.push({ resourceType, resourceId, resourceName, deletionTime: undefined });
  }

  /** Marks the live resource with this id deleted, as the recorder does after a deletion. */
  public markDeleted(resourceType: string, resourceId: string, when: Date): void {
    for (const resource of this.resources) {
      if (resource.resourceType === resourceType && resource.resourceId === resourceId) resource.deletionTime ??= when;
    }
  }

  /** Resources of `resourceType`, in discovery order. */
  public list(resourceType: string, includeDeleted: boolean): DiscoveredResource[] {
    return this.resources.filter(
      (resource) => resource.resourceType === resourceType && (includeDeleted || resource.deletionTime === undefined),
    );
  }

  /** Forgets everything. */
  public clear(): void {
    this.resources.length = 0;
  }
}

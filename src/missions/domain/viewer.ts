/** Who reads missions: the read side needs only their name and whether they are the admin. */
export interface Viewer {
  readonly name: string;
  readonly admin: boolean;
}

/** A mission is seen by its owner and by the admin; to anyone else it does not exist (not found, never forbidden). */
export function maySee(viewer: Viewer, owner: string): boolean {
  return viewer.admin || viewer.name === owner;
}

/** Whose missions a listing shows: everyone's to the admin (undefined), the viewer's own to anyone else. */
export function ownerScope(viewer: Viewer): string | undefined {
  return viewer.admin ? undefined : viewer.name;
}

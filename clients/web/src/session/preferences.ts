/** Per-session choices made on the set-up page and read by the interview room (this tab only). */
export interface RoomPreferences {
  /** Start the interview as soon as the room opens (coming straight from set-up). */
  readonly autostart: boolean;
  /** Answer by typing: the microphone is not opened. */
  readonly typing: boolean;
}

const key = (sessionId: string) => `rehearse.room.${sessionId}`;

export function saveRoomPreferences(sessionId: string, preferences: RoomPreferences): void {
  try {
    sessionStorage.setItem(key(sessionId), JSON.stringify(preferences));
  } catch {
    // defaults apply
  }
}

/** Reads the choices once; autostart is consumed so a reload does not restart anything. */
export function takeRoomPreferences(sessionId: string): RoomPreferences {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key(sessionId)) ?? "null") as Partial<RoomPreferences> | null;
    const typing = stored?.typing === true;
    sessionStorage.setItem(key(sessionId), JSON.stringify({ autostart: false, typing }));
    return { autostart: stored?.autostart === true, typing };
  } catch {
    return { autostart: false, typing: false };
  }
}

/**
 * The bounded log of one downlink: the last `capacity` encoded events, by sequence number, so a
 * reconnecting client can be sent again what it missed (`Last-Event-ID`). A ring buffer: appends
 * and reads from a cursor cost nothing per event kept.
 */
export class EventLog {
  private readonly texts: string[];
  /** Sequence number of the newest event; 0 when none was ever appended. */
  private newestSeq = 0;

  constructor(readonly capacity: number) {
    this.texts = new Array<string>(capacity);
  }

  /** The newest sequence number (0: none yet). */
  get newest(): number {
    return this.newestSeq;
  }

  /** The oldest sequence number still held (newest + 1 when empty). */
  get oldest(): number {
    return Math.max(1, this.newestSeq - this.capacity + 1);
  }

  /** Append `text`, the event of sequence number {@link newest} + 1 (the caller encodes it with that number). */
  push(text: string): void {
    this.texts[++this.newestSeq % this.capacity] = text;
  }

  /** The events after `cursor`, joined; null when some of them are no longer held. */
  after(cursor: number): string | null {
    if (cursor >= this.newestSeq) return "";
    if (cursor + 1 < this.oldest) return null;
    let out = "";
    for (let seq = cursor + 1; seq <= this.newestSeq; seq++) out += this.texts[seq % this.capacity];
    return out;
  }
}

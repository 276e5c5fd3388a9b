/**
 * A number that changes once per event-loop turn: writers that hold back what is written after
 * the first write of a turn (to send it as one chunk at the turn's end) tell turns apart with it.
 * One shared `setImmediate` advances it, armed only while something asks.
 */
let turnNumber = 0;
let turnEnding = false;

/**
 * The current turn's number.
 *
 * @example
 * ```ts
 * const first = currentTurn() !== lastTurn;
 * ```
 */
export function currentTurn(): number {
  if (!turnEnding) {
    turnEnding = true;
    setImmediate(nextTurn);
  }
  return turnNumber;
}

function nextTurn(): void {
  turnNumber++;
  turnEnding = false;
}

/** Characters held for the end of a turn before they are written anyway (Node's socket buffer is 16 KiB). */
export const TURN_BATCH_LIMIT = 16 * 1024;

/**
 * What one response is sent in a turn of the event loop: the turn's first text goes out at once
 * (no added delay), the texts after it wait for the turn's end and go out as one chunk (one
 * chunk header and one buffer for the socket instead of one each); once they reach
 * `TURN_BATCH_LIMIT` characters they go at once, so Node's buffer (and the writer's
 * backpressure) still bound what is written ahead. Used by the page's streams
 * (response-sink.ts) and the MCP answers (lib/mcp/answer-stream.ts).
 *
 * @example
 * ```ts
 * const batch = new TurnBatch((text) => res.write(text));
 * batch.write("data: 1\n\n"); // written now
 * batch.write("data: 2\n\n"); // with the turn's other texts, at its end
 * ```
 */
export class TurnBatch {
  private lastTurn = -1;
  private waiting: string[] | null = null;
  private waitingLength = 0;

  /** `out` writes a chunk (and says whether the response can take more, as `res.write` does). */
  constructor(private readonly out: (text: string) => boolean) {}

  /** Write `text` now or with the turn's others; the result is `out`'s for a text written now, else true. */
  write(text: string): boolean {
    if (this.waiting) {
      this.waiting.push(text);
      this.waitingLength += text.length;
      if (this.waitingLength >= TURN_BATCH_LIMIT) this.flush();
      return true;
    }
    const turn = currentTurn();
    if (turn !== this.lastTurn) {
      this.lastTurn = turn;
      return this.out(text);
    }
    this.waiting = [text];
    this.waitingLength = text.length;
    if (this.waitingLength >= TURN_BATCH_LIMIT) this.flush();
    else setImmediate(this.flush);
    return true;
  }

  /** Write what this turn held back, now. */
  readonly flush = (): void => {
    const texts = this.waiting;
    if (!texts) return;
    this.waiting = null;
    this.waitingLength = 0;
    this.out(texts.length === 1 ? texts[0] : texts.join(""));
  };
}

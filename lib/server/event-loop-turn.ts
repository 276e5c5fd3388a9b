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

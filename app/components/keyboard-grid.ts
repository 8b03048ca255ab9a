// Spreadsheet keys for a table of inputs: arrow keys (and Enter, down) move between cells marked
// data-r / data-c, as in the capacity and forecast grids.
import type { KeyboardEvent } from "react";

/** Arrow keys (and Enter) move between a grid's inputs, like a spreadsheet. */
export function moveFocus(e: KeyboardEvent<HTMLTableElement>) {
  const input = e.target as HTMLInputElement;
  const r = Number(input.dataset.r);
  const c = Number(input.dataset.c);
  if (input.tagName !== "INPUT" || Number.isNaN(r) || Number.isNaN(c)) return;
  const next = { ArrowRight: [r, c + 1], ArrowLeft: [r, c - 1], ArrowDown: [r + 1, c], ArrowUp: [r - 1, c], Enter: [r + 1, c] }[e.key];
  if (!next) return;
  const target = e.currentTarget.querySelector<HTMLInputElement>(`input[data-r="${next[0]}"][data-c="${next[1]}"]`);
  if (target) {
    e.preventDefault();
    target.focus();
    target.select();
  }
}

// Shows a changing block of lines: redrawn in place on a terminal; elsewhere (a CI log, a pipe) printed
// again only when it changed, so logs stay readable.
export interface Output { write(text: string): unknown; isTTY?: boolean }

export function liveBlock(out: Output) {
  let shown: string[] = [];
  return {
    update(lines: string[]): void {
      if (out.isTTY) {
        // Up to the first line of the previous frame, then clear to the end of the screen.
        out.write((shown.length ? `\x1b[${shown.length}F\x1b[J` : '') + lines.join('\n') + '\n');
      } else if (lines.join('\n') !== shown.join('\n')) {
        out.write(lines.join('\n') + '\n');
      }
      shown = lines;
    },
  };
}

/**
 * Cuts text to at most `maxChars` UTF-16 units, marking the cut with an ellipsis and never splitting a
 * surrogate pair. What a workflow keeps from its input passes through this, so its state stays bounded.
 */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

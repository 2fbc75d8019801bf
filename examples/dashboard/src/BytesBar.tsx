import type { SequenceAttributes } from "nexus-sequences";

const number = new Intl.NumberFormat("en");

/** How much of its attribute byte budget a sequence uses. */
export function BytesBar({ attributes }: { attributes: SequenceAttributes }) {
  const { bytesUsed, bytesTotal } = attributes;
  const percent = bytesTotal > 0 ? (100 * bytesUsed) / bytesTotal : 0;
  return (
    <div class="bytes" data-testid="bytes">
      <div
        class="bytes-bar"
        role="meter"
        aria-label="attribute bytes used"
        aria-valuemin={0}
        aria-valuemax={bytesTotal}
        aria-valuenow={bytesUsed}
      >
        <div class="bytes-fill" style={{ width: `${Math.max(percent, bytesUsed > 0 ? 0.5 : 0)}%` }} />
      </div>
      <span>
        {number.format(bytesUsed)} of {number.format(bytesTotal)} bytes ({percent.toFixed(percent < 1 ? 3 : 1)}%)
      </span>
    </div>
  );
}

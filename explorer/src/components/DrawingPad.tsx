/**
 * A 28×28 drawing pad for an MNIST digit: a pointer (mouse, pen, touch) paints ink with a soft
 * brush, as the digits of the data set look; `onChange` gets the 784 ink values in 0..1, row by row.
 */
import { useEffect, useRef } from "preact/hooks";

export const PAD_CELLS = 28;
const SCALE = 10;

export function DrawingPad({
  onChange,
  clearKey,
}: {
  onChange: (ink: Float32Array) => void;
  clearKey: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const ink = useRef(new Float32Array(PAD_CELLS * PAD_CELLS));
  const drawing = useRef(false);

  const paint = () => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    ink.current.forEach((v, i) => {
      const shade = Math.round(255 * (1 - v));
      ctx.fillStyle = `rgb(${shade},${shade},${shade})`;
      ctx.fillRect((i % PAD_CELLS) * SCALE, Math.floor(i / PAD_CELLS) * SCALE, SCALE, SCALE);
    });
  };

  useEffect(() => {
    ink.current.fill(0);
    paint();
    onChange(ink.current.slice());
    // Cleared when the parent says so; onChange is the parent's setter.
  }, [clearKey]);

  const brush = (event: PointerEvent) => {
    const box = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * PAD_CELLS;
    const y = ((event.clientY - box.top) / box.height) * PAD_CELLS;
    for (let row = Math.floor(y) - 2; row <= Math.floor(y) + 2; row++) {
      for (let col = Math.floor(x) - 2; col <= Math.floor(x) + 2; col++) {
        if (row < 0 || col < 0 || row >= PAD_CELLS || col >= PAD_CELLS) continue;
        const distance = Math.hypot(col + 0.5 - x, row + 0.5 - y);
        const amount = Math.max(0, 1 - distance / 1.8);
        const i = row * PAD_CELLS + col;
        ink.current[i] = Math.min(1, (ink.current[i] ?? 0) + amount);
      }
    }
    paint();
  };

  return (
    <canvas
      ref={canvas}
      width={PAD_CELLS * SCALE}
      height={PAD_CELLS * SCALE}
      class="pad"
      role="img"
      aria-label="Drawing pad, 28 by 28 pixels: draw a digit with the mouse, a pen or a finger"
      onPointerDown={(e) => {
        drawing.current = true;
        (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
        brush(e);
      }}
      onPointerMove={(e) => drawing.current && brush(e)}
      onPointerUp={() => {
        drawing.current = false;
        onChange(ink.current.slice());
      }}
    />
  );
}

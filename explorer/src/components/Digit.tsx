/** An MNIST input (784 int8 pixels, row by row) drawn on a 28×28 canvas, ink dark on light. */
import { useEffect, useRef } from "preact/hooks";
import { hexBytes } from "../mnist.js";

export function DigitImage({ input }: { input: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const pixels = new Int8Array(hexBytes(input).buffer);
    let max = 1;
    for (const p of pixels) max = Math.max(max, p);
    const image = ctx.createImageData(28, 28);
    pixels.forEach((p, i) => {
      const shade = 255 - Math.round((255 * Math.max(0, p)) / max);
      image.data.set([shade, shade, shade, 255], i * 4);
    });
    ctx.putImageData(image, 0, 0);
  }, [input]);
  return (
    <canvas
      ref={canvas}
      width={28}
      height={28}
      class="digit"
      role="img"
      aria-label="The job's input: a handwritten digit, 28 by 28 pixels"
    />
  );
}

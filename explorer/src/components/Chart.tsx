/**
 * A uPlot chart in a <figure>: the caption names it and `summary` says in words what it shows, for
 * readers who cannot see the canvas. The plot is made once and fed new data as polls arrive.
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartSeries = { label: string; color: string; bars?: boolean; points?: boolean };

export function Chart(props: {
  title: string;
  summary: string;
  /** x values (seconds) then one array per series. */
  data: uPlot.AlignedData;
  series: ChartSeries[];
  yLabel: string;
  /** The least margin (seconds) each side of the data: a single day or job still gets an axis. */
  minXPad: number;
  height?: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = JSON.stringify(props.series);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const opts: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height: props.height ?? 220,
      scales: {
        x: {
          time: true,
          // From the data, not uPlot's guess: for a single time point it widens to 1000 days.
          range: (u, min, max) => {
            const xs = u.data[0];
            const lo = xs.length > 0 ? (xs[0] ?? min) : min;
            const hi = xs.length > 0 ? (xs[xs.length - 1] ?? max) : max;
            const pad = Math.max(props.minXPad, (hi - lo) * 0.05);
            return [lo - pad, hi + pad];
          },
        },
        // Counts and prices from zero, so that bars and differences read at their true size.
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.15 : 1] },
      },
      axes: [{}, { label: props.yLabel }],
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          ...(s.bars ? { fill: `${s.color}99` } : {}),
          width: 2,
          ...(s.bars && bars ? { paths: bars } : {}),
          ...(s.points
            ? { paths: () => null, points: { show: true, size: 7, fill: s.color } }
            : {}),
        })),
      ],
    };
    plot.current = new uPlot(opts, props.data, element);
    const onResize = () =>
      plot.current?.setSize({ width: Math.max(280, element.clientWidth), height: opts.height });
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("resize", onResize);
      plot.current?.destroy();
      plot.current = null;
    };
    // Re-made only when the series change; new data goes through setData below.
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={holder} role="img" aria-label={`${props.title}: ${props.summary}`} />
    </figure>
  );
}

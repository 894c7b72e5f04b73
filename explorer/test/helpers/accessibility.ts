/**
 * Basic accessibility checks run inside the page: every form control has a label, every table
 * a caption and column headers, every drawing a text alternative, and every piece of text a
 * contrast of at least 4.5:1 (WCAG AA for normal text) against the background it is drawn on.
 * Returns what fails, in words.
 */
import type { Page } from "playwright-core";

export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (e: Element) =>
      `<${e.tagName.toLowerCase()}${e.id ? ` id=${e.id}` : ""}> "${(e.textContent ?? "").trim().slice(0, 40)}"`;

    for (const control of document.querySelectorAll("input, select, textarea")) {
      const labelled =
        (control as HTMLInputElement).labels?.length ||
        control.getAttribute("aria-label") ||
        control.getAttribute("aria-labelledby");
      if (!labelled) problems.push(`no label: ${describe(control)}`);
    }
    for (const table of document.querySelectorAll("table")) {
      // Inside role=img (a chart's legend) it is presentation: the image's label speaks for it.
      if (table.closest("[role=img]")) continue;
      if (!table.querySelector("caption"))
        problems.push(`table without caption: ${describe(table)}`);
      if (!table.querySelector("thead th[scope=col]"))
        problems.push(`table without column headers: ${describe(table)}`);
    }
    for (const drawing of document.querySelectorAll("canvas, [role=img]")) {
      const alt =
        drawing.getAttribute("aria-label") ??
        drawing.closest("[role=img]")?.getAttribute("aria-label");
      if (!alt) problems.push(`drawing without text alternative: ${describe(drawing)}`);
    }

    const rgba = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element | null): number[] => {
      for (let e = element; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c[3] ?? 1) > 0.5) return c;
      }
      return [255, 255, 255];
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || seen.has(element) || (node.textContent ?? "").trim() === "") continue;
      seen.add(element);
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      // Off-screen until focused (the skip button) or hidden: not drawn, nothing to compare.
      if (style.visibility === "hidden" || box.width <= 1 || box.right < 0) continue;
      const fg = luminance(rgba(style.color));
      const bg = luminance(background(element));
      const contrast = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (contrast < 4.5)
        problems.push(`contrast ${contrast.toFixed(2)}:1 below 4.5:1: ${describe(element)}`);
    }
    return problems;
  });
}

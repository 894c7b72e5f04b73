/** `GET /providers/ranking`'s query string: a window, a sort and a page, or what to write instead. */
import { describe, expect, it } from "vitest";
import { parseRankingQuery } from "../src/api/ranking-query.js";

const parse = (search: string, now?: number) => {
  const params = new URLSearchParams(search);
  return parseRankingQuery((name) => params.get(name) ?? undefined, now);
};

describe("parseRankingQuery", () => {
  it("reads the last n days by the clock, today included", () => {
    // 2026-12-04T12:00:00Z is day 20_791.
    const noon = Date.UTC(2026, 11, 4, 12);
    expect(Math.floor(noon / 86_400_000)).toBe(20_791);
    expect(parse("days=7", noon)).toEqual({
      from: 20_785,
      to: undefined,
      model: undefined,
      orderBy: "completionBps",
      desc: true,
      limit: 100,
      minEnded: 0,
    });
  });

  it("reads an explicit window, a model, a sort and a page", () => {
    expect(
      parse(
        "since=20000&until=20006&model=2&orderBy=meanLatencySeconds&orderDirection=asc&limit=5&minEnded=3",
      ),
    ).toEqual({
      from: 20_000,
      to: 20_006,
      model: 2n,
      orderBy: "meanLatencySeconds",
      desc: false,
      limit: 5,
      minEnded: 3,
    });
  });

  it("says what to write instead of a bad query", () => {
    expect(parse("")).toContain("give either days=<n>");
    expect(parse("days=7&since=3")).toContain("give either days=<n>");
    expect(parse("days=0")).toBe("days must be at least 1");
    expect(parse("days=-1")).toBe('days must be a whole number, got "-1"');
    expect(parse("days=7&orderBy=price")).toContain(
      'cannot order by "price": one of completionBps',
    );
    expect(parse("days=7&orderDirection=down")).toBe(
      'orderDirection "down" is neither "asc" nor "desc"',
    );
    expect(parse("days=7&limit=1001")).toBe("limit 1001 is out of range: at most 1000");
    expect(parse("days=7&model=x")).toBe('model must be a model id (a whole number), got "x"');
  });
});

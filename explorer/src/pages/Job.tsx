/**
 * One job from post to finality: where it is now, every step with its time (bids, assignment,
 * result, disputes and their moves, settlement), the result decoded when the model is the sample
 * MNIST classifier.
 */
import type { IndexedJobHistory } from "@verity/sdk";
import { DigitImage } from "../components/Digit.js";
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address, StatusBadge } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { jobPrice, shortHex, time, usd, vrt } from "../format.js";
import { decodeClass, hexBytes, isMnistModel } from "../mnist.js";
import { usePoll } from "../poll.js";
import { jobQuery, parseJobPage } from "../queries.js";

type Step = { label: string; done: boolean };
type Event = { at: bigint; order: number; text: string };

/** The five stages every job goes through, and which it has reached. */
function stages(job: IndexedJobHistory): Step[] {
  const ended = ["Finalized", "Cancelled", "Expired", "Rejected"].includes(job.status);
  return [
    { label: "Posted", done: true },
    { label: "Bids", done: job.bids.length > 0 || job.assignedAt !== null },
    { label: "Assigned", done: job.assignedAt !== null },
    { label: "Result", done: job.results.length > 0 },
    { label: ended ? job.status : "Final", done: ended },
  ];
}

function timeline(job: IndexedJobHistory, mnist: boolean): Event[] {
  const events: Event[] = [
    { at: job.postedAt, order: 0, text: `Posted, paying at most ${usd(job.maxPrice)}` },
  ];
  for (const b of job.bids) {
    events.push({
      at: b.committedAt,
      order: 1,
      text: `Sealed bid from ${shortHex(b.bidder)} (round ${b.round})`,
    });
    if (b.revealedAt !== null)
      events.push({
        at: b.revealedAt,
        order: 2,
        text: `${shortHex(b.bidder)} revealed ${usd(b.price)}`,
      });
    if (b.forfeitedAt !== null)
      events.push({
        at: b.forfeitedAt,
        order: 2,
        text: `${shortHex(b.bidder)} never revealed: forfeited ${vrt(b.slashed)}`,
      });
  }
  for (const c of job.statusChanges) {
    if (c.to === "Bidding" && c.from === null) continue;
    const text =
      c.to === "Assigned"
        ? `Assigned to ${shortHex(job.provider)} at ${usd(job.price)}`
        : `Now ${c.to}`;
    events.push({ at: c.timestamp, order: 4, text });
  }
  for (const r of job.results) {
    const decoded = mnist ? decodeClass(r.output) : undefined;
    const verdict = r.status === "Rejected" ? " (later proven wrong)" : "";
    events.push({
      at: r.submittedAt,
      order: 5,
      text: `Result from ${shortHex(r.provider)}${decoded ? `: digit ${decoded.digit}` : ""}${verdict}; challenge window until ${time(r.challengeDeadline)}`,
    });
  }
  for (const m of job.disputeMoves)
    events.push({
      at: m.timestamp,
      // Before the market's status change of the same transaction (the game resolves first).
      order: 3,
      text: `Dispute ${m.disputeId}: ${m.kind} by ${shortHex(m.sender)}${
        m.computed !== null && m.claimed !== null
          ? ` (${m.layerKind ?? "layer"} element ${m.neuron}: computed ${m.computed}, claimed ${m.claimed})`
          : ""
      }`,
    });
  if (job.finalizedAt !== null)
    events.push({
      at: job.finalizedAt,
      order: 6,
      text: `Settled: ${usd(job.payment)} to the provider, ${usd(job.fee)} fee, ${usd(job.refund)} refunded`,
    });
  return events.sort((a, b) => (a.at === b.at ? a.order - b.order : a.at < b.at ? -1 : 1));
}

export function JobPage({ id }: { id: string }) {
  const valid = /^\d+$/.test(id);
  const { data, error, updatedAt } = usePoll(jobQuery, { id: valid ? id : "0" }, parseJobPage);
  if (!valid) return <NotFound text={`"${id}" is not a job id (a number).`} />;
  if (data === null) return <NotFound text={`No job ${id} is indexed (yet).`} />;
  const job = data?.job;
  const mnist = isMnistModel(data?.model);
  const result = job?.results.at(-1);
  const decoded = mnist && result ? decodeClass(result.output) : undefined;

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">
        Job #{id} {job && <StatusBadge status={job.status} />}
      </h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      {job && (
        <>
          <ol class="stages" id="job-stages" data-status={job.status} aria-label="Progress">
            {stages(job).map((s) => (
              <li key={s.label} class={s.done ? "done" : undefined}>
                {s.label}
                <span class="sr-only">{s.done ? " (done)" : " (not yet)"}</span>
              </li>
            ))}
          </ol>
          <div class="columns">
            <dl class="facts">
              <dt>Status</dt>
              <dd id="job-status">
                {job.status}
                {job.round > 0 ? ` (round ${job.round})` : ""}
              </dd>
              <dt>Model</dt>
              <dd>
                {String(job.modelId)}
                {mnist ? " (sample MNIST classifier)" : ""}
              </dd>
              <dt>Requester</dt>
              <dd>
                <Address address={job.requester} />
              </dd>
              <dt>Provider</dt>
              <dd>
                <Address address={job.provider} provider />
              </dd>
              <dt>Max price</dt>
              <dd>{usd(job.maxPrice)}</dd>
              <dt>Price</dt>
              <dd>{jobPrice(job)}</dd>
              <dt>Collateral</dt>
              <dd>{vrt(job.collateral)}</dd>
              <dt>Deadline</dt>
              <dd>{time(job.deadline)}</dd>
              <dt>Payment / fee / refund</dt>
              <dd>
                {usd(job.payment)} / {usd(job.fee)} / {usd(job.refund)}
              </dd>
              <dt>Post transaction</dt>
              <dd class="mono" title={job.postTransactionHash}>
                {shortHex(job.postTransactionHash)}
              </dd>
            </dl>
            {mnist && job.input && hexBytes(job.input).length === 784 && (
              <div class="result">
                <DigitImage input={job.input} />
                <p id="job-class">
                  {decoded && result ? (
                    result.status === "Rejected" ? (
                      <>
                        The provider claimed digit <strong>{decoded.digit}</strong>; that result was
                        proven wrong.
                      </>
                    ) : (
                      <>
                        Predicted digit: <strong>{decoded.digit}</strong>
                        {result.status === "Pending"
                          ? " (in its challenge window)"
                          : result.status === "Disputed"
                            ? " (disputed)"
                            : ""}
                      </>
                    )
                  ) : (
                    "No result yet."
                  )}
                </p>
              </div>
            )}
          </div>
          <h2>Timeline</h2>
          <ol class="timeline" id="job-timeline">
            {timeline(job, mnist).map((e, i) => (
              <li key={i}>
                <time>{time(e.at)}</time> {e.text}
              </li>
            ))}
          </ol>
          <Table
            caption="Bids"
            rows={job.bids}
            rowKey={(b) => `${b.round}-${b.bidder}`}
            empty="No bid (a job taken from a standing ask has none)."
            columns={[
              { label: "Round", render: (b) => String(b.round), numeric: true },
              { label: "Bidder", render: (b) => <Address address={b.bidder} provider /> },
              {
                label: "Revealed price",
                render: (b) => (b.revealed ? usd(b.price) : "sealed"),
                numeric: true,
              },
              { label: "Won", render: (b) => (b.won ? "yes" : "no") },
              { label: "Committed", render: (b) => time(b.committedAt) },
            ]}
          />
          <Table
            caption="Disputes"
            rows={job.disputes}
            rowKey={(d) => String(d.seq)}
            empty="No dispute."
            columns={[
              { label: "Seq", render: (d) => String(d.seq), numeric: true },
              { label: "Challenger", render: (d) => <Address address={d.challenger} /> },
              { label: "Outcome", render: (d) => d.outcome },
              { label: "Phase", render: (d) => d.phase ?? "—" },
              { label: "Slashed", render: (d) => vrt(d.slashed), numeric: true },
              { label: "Opened", render: (d) => time(d.openedAt) },
            ]}
          />
        </>
      )}
    </section>
  );
}

const NotFound = ({ text }: { text: string }) => (
  <section aria-labelledby="page-title">
    <h1 id="page-title">Job not found</h1>
    <p>{text}</p>
  </section>
);

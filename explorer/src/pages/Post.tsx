/**
 * Post an MNIST job from the page: draw a digit, set the most you will pay, and the browser's
 * wallet approves the payment token and posts. The drawing is quantized with the model's own
 * input scale (from /config.json), then the job page follows it to its result.
 */
import { useContext, useState } from "preact/hooks";
import type { EIP1193Provider } from "viem";
import { DrawingPad } from "../components/DrawingPad.js";
import { ConfigContext } from "../context.js";
import { parseUsd, quantizeDrawing } from "../post/input.js";
import { href } from "../route.js";

export function PostPage() {
  const config = useContext(ConfigContext);
  const models = Object.entries(config.models);
  const ethereum = (window as { ethereum?: EIP1193Provider }).ethereum;
  const [ink, setInk] = useState<Float32Array>(new Float32Array(784));
  const [clearKey, setClearKey] = useState(0);
  const [status, setStatus] = useState<string>("");
  const [error, setError] = useState<string>("");
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setError("");
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const modelId = String(form.get("model") ?? "");
    const scale = config.models[modelId]?.inputScale;
    const maxPrice = parseUsd(String(form.get("maxPrice") ?? ""));
    if (!ethereum)
      return setError("No wallet in this browser: install one that injects window.ethereum.");
    if (scale === undefined) return setError("Choose a model.");
    if (maxPrice === undefined || maxPrice === 0n)
      return setError(
        "The maximum price must be an amount in USD, e.g. 5 or 0.5 (up to 6 decimals).",
      );
    if (!ink.some((v) => v > 0)) return setError("Draw a digit first.");
    setBusy(true);
    try {
      const { postFromWallet } = await import("../post/wallet.js");
      const jobId = await postFromWallet({
        ethereum,
        config,
        modelId: BigInt(modelId),
        input: quantizeDrawing(ink, scale),
        maxPrice,
        onStep: (step, detail) => setStatus(`${step}${detail ? ` (${detail})` : ""}…`),
      });
      window.location.hash = href(`jobs/${jobId}`);
    } catch (e) {
      const err = e as Error & { shortMessage?: string };
      setError(err.shortMessage ?? err.message.split("\n")[0] ?? String(e));
      setStatus("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Post a job</h1>
      {models.length === 0 ? (
        <p>
          This explorer knows no model it can post a drawing to (its server names them with
          <code> --model &lt;id&gt;=&lt;meta.json&gt;</code>; `verity devnet` names the sample
          model).
        </p>
      ) : (
        <form class="post" onSubmit={onSubmit} aria-describedby="post-help">
          <p id="post-help">
            Draw a digit, then post it as a job: your wallet approves the payment token and sends
            the job; providers bid, the winner runs the model, and the job page shows the result.
            {ethereum ? "" : " No wallet was found in this browser."}
          </p>
          <DrawingPad onChange={setInk} clearKey={clearKey} />
          <div class="post-fields">
            <button type="button" class="secondary" onClick={() => setClearKey((k) => k + 1)}>
              Clear the drawing
            </button>
            <label>
              Model
              <select name="model">
                {models.map(([id]) => (
                  <option key={id} value={id}>
                    model {id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Most you will pay (USD)
              <input name="maxPrice" defaultValue="5" inputMode="decimal" />
            </label>
            <button type="submit" id="post-submit" disabled={busy}>
              {busy ? "Posting…" : "Post with my wallet"}
            </button>
          </div>
          <p role="status" id="post-status">
            {status}
          </p>
          {error && (
            <p class="error" role="alert" id="post-error">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

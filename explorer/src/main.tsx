import { render } from "preact";
import { App } from "./app.js";
import { loadConfig } from "./config.js";
import "./style.css";

const root = document.getElementById("app");
if (root) render(<App config={await loadConfig()} />, root);

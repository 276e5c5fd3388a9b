// The seed repo's CI/CD pipeline: a Mantine Stepper whose steps have pattern-matching ids
// ({type: "cicd-step", index: i}) and an event callback that walks the steps, showing a loader on
// the running one and streaming its log lines. Reset, or leaving the Pipeline tab, cancels the
// run (the page then applies resetProps); a failing step ends in onError, which sends an error
// notification. Run it with
//   npx dash-events serve examples/cicd.ts
import {
  ALL,
  App,
  callback,
  dmc,
  eventCallback,
  html,
  Input,
  Output,
  Patch,
  sleep,
  State,
  streamProps,
  type StreamUpdate,
} from "dash-events";
import { mantinePage, notify } from "./data/mantine.js";

/** The pipeline: each step's name and the log lines it prints (one every `LINE_MS`). */
const STEPS = [
  { name: "Checkout", lines: ["git fetch origin main", "HEAD is now at 4f2c1e9"] },
  { name: "Install", lines: ["npm ci", "added 412 packages in 6s"] },
  { name: "Lint", lines: ["eslint .", "0 problems"] },
  { name: "Test", lines: ["tap", "# test/server.test.ts ok", "# test/browser.test.ts ok"] },
  { name: "Build", lines: ["node scripts/build.js", "dist/ written"] },
  { name: "Deploy", lines: ["pushing image registry.local/app:4f2c1e9", "rollout complete"] },
] as const;

const LINE_MS = 350;
const WAITING = "waiting";

export const ids = {
  tabs: "cicd-tabs",
  run: "cicd-run",
  reset: "cicd-reset",
  fail: "cicd-fail",
  stepper: "cicd-stepper",
  log: "cicd-log",
} as const;

/** The pattern-matching id of step `index`. */
export const stepId = (index: number) => ({ type: "cicd-step", index });

export const content = dmc.Stack(
  [
    dmc.Title("CI/CD pipeline", { order: 2 }),
    dmc.Tabs(
      [
        dmc.TabsList([dmc.TabsTab("Pipeline", { value: "pipeline" }), dmc.TabsTab("Settings", { value: "settings" })]),
        dmc.TabsPanel(
          dmc.Stack(
            [
              dmc.Group([
                dmc.Button("Run pipeline", { id: ids.run }),
                dmc.Button("Reset", { id: ids.reset, variant: "default" }),
                dmc.Text("Leaving this tab cancels a running pipeline.", { size: "sm", c: "dimmed" }),
              ]),
              dmc.Stepper(
                [
                  ...STEPS.map((step, index) =>
                    dmc.StepperStep({ id: stepId(index), label: step.name, description: WAITING, loading: false }),
                  ),
                  dmc.StepperCompleted(dmc.Text("Deployed.", { id: "cicd-done", c: "teal", fw: 700 })),
                ],
                { id: ids.stepper, active: 0, size: "sm" },
              ),
              html.Pre([], {
                id: ids.log,
                style: { background: "#1a1b1e", color: "#c1c2c5", padding: 12, borderRadius: 6, minHeight: 120, maxHeight: 240, overflowY: "auto" },
              }),
            ],
            { gap: "md", pt: "md" },
          ),
          { value: "pipeline" },
        ),
        dmc.TabsPanel(
          dmc.Stack(
            [
              dmc.Switch({ id: ids.fail, label: "Make the Test step fail", checked: false }),
              dmc.Text("A failing step raises an error in the event callback; its onError sends a notification.", { size: "sm", c: "dimmed" }),
            ],
            { pt: "md" },
          ),
          { value: "settings" },
        ),
      ],
      { id: ids.tabs, value: "pipeline" },
    ),
  ],
  { gap: "md" },
);

/** The props that put every step back to "waiting", as [id, props] pairs. */
const stepsReset = STEPS.map((_, index) => [stepId(index), { loading: false, description: WAITING }] as const);

/** A Patch that appends one line to the log. */
const logLine = (line: string) => new Patch().append(`${line}\n`);

eventCallback(
  Input(ids.run, "n_clicks"),
  State(ids.fail, "checked"),
  async function* (_clicks, fail, ctx) {
    yield streamProps([
      ...stepsReset,
      [ids.stepper, { active: 0 }],
      [ids.run, { loading: true }],
      [ids.log, { children: [] }],
    ]);
    for (const [index, step] of STEPS.entries()) {
      const started = Date.now();
      yield streamProps([
        [stepId(index), { loading: true, description: "running…" }],
        [ids.stepper, { active: index }],
        [ids.log, { children: logLine(`▶ ${step.name}`) }],
      ]);
      for (const line of step.lines) {
        await sleep(LINE_MS, ctx.signal);
        yield streamProps(ids.log, { children: logLine(`  $ ${line}`) });
      }
      if (fail === true && step.name === "Test") {
        throw new Error("Test failed: 2 of 148 tests failed in test/api.test.ts");
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      yield streamProps([
        [stepId(index), { loading: false, description: `passed in ${seconds}s` }],
        [ids.stepper, { active: index + 1 }],
      ]);
    }
    yield streamProps([
      [ids.run, { loading: false, children: "Run again" }],
      [ids.log, { children: logLine("✔ pipeline passed") }],
    ]);
    yield notify("Pipeline passed", "Deployed 4f2c1e9", "teal");
  },
  {
    // Reset ends a run, and so does leaving the Pipeline tab: the run lives only while tabs.value === "pipeline".
    cancel: [Input(ids.reset, "n_clicks"), [Input(ids.tabs, "value"), "pipeline"]],
    resetProps: [...stepsReset, [ids.stepper, { active: 0 }], [ids.run, { loading: false }]],
    onError: (error): StreamUpdate[] => [
      streamProps(ids.log, { children: logLine(`✘ ${error instanceof Error ? error.message : String(error)}`) }),
      notify("Pipeline failed", error instanceof Error ? error.message : String(error), "red", false),
    ],
  },
);

// Reset also works when no run is going on: a regular callback puts every step back, through
// a pattern-matching ALL output.
callback(
  [Output(ids.stepper, "active"), Output({ type: "cicd-step", index: ALL }, "description"), Output(ids.log, "children")],
  Input(ids.reset, "n_clicks"),
  State({ type: "cicd-step", index: ALL }, "description"),
  (_clicks, descriptions) => [0, (descriptions as unknown[]).map(() => WAITING), []],
  { preventInitialCall: true },
);

export default new App({ title: "dash-events: CI/CD pipeline", layout: mantinePage(content) });

// `.mjs` files of the assets folder load as `<script type="module">`, as in Dash: they may
// import each other, and they have run before the renderer starts the initial callbacks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { App, html, Input, Output } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { getPath } from "./helpers/server.js";

const assetsFolder = mkdtempSync(join(tmpdir(), "module-assets-"));
t.teardown(() => rmSync(assetsFolder, { recursive: true, force: true }));
mkdirSync(join(assetsFolder, "lib"));
writeFileSync(join(assetsFolder, "lib", "greet.mjs"), `export function greet(n) { return "hello from a module, " + n; }\n`);
writeFileSync(
  join(assetsFolder, "widgets.mjs"),
  `import { greet } from "./lib/greet.mjs";\nwindow.greetFromModule = greet;\nwindow.moduleUrl = import.meta.url;\n`,
);
writeFileSync(join(assetsFolder, "classic.js"), `window.classicRan = true;\n`);

t.test("an .mjs asset is a module script that imports another, run before the initial callbacks", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div({ id: "out" })]), assetsFolder });
  app.clientsideCallback("function (n) { return window.greetFromModule(n || 0); }", Output("out", "children"), Input("go", "n_clicks"));
  const { page, server, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "hello from a module, 0");
  await page.click("#go");
  await waitForText(page, "#out", "hello from a module, 1");
  t.same(pageErrors, []);
  t.same(await page.evaluate(() => [(window as unknown as { classicRan: boolean }).classicRan, (window as unknown as { moduleUrl: string }).moduleUrl.endsWith("/assets/widgets.mjs")]), [true, true]);
  const index = (await getPath(server.url, "/")).text;
  t.match(index, '<script src="/assets/classic.js"></script>', "a .js asset is a classic script");
  t.match(index, '<script type="module" src="/assets/lib/greet.mjs"></script>');
  t.match(index, '<script type="module" src="/assets/widgets.mjs"></script>');
  t.match((await getPath(server.url, "/assets/widgets.mjs")).contentType, /javascript/, "served with a JavaScript type, which module scripts need");
});

// esbuild plugin shared by our suites' builds: `react` and `react-dom` resolve to the page's
// globals (window.React / window.ReactDOM, as for every Dash suite) instead of node_modules, since
// a second copy of React in a suite bundle would break hooks.
export const reactFromPage = {
  name: "react-from-page",
  setup(build) {
    const globals = { react: "React", "react-dom": "ReactDOM" };
    build.onResolve({ filter: /^react(-dom)?$/ }, (args) => ({ path: args.path, namespace: "page-global" }));
    build.onLoad({ filter: /.*/, namespace: "page-global" }, (args) => ({
      contents: `module.exports = window.${globals[args.path]};`,
      loader: "js",
    }));
  },
};

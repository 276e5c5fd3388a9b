// regenerator-runtime publishes itself by assigning the undeclared global `regeneratorRuntime`,
// which throws in our strict-mode bundle before its fallback runs. Declaring the global first
// lets that assignment succeed: a thrown exception at start-up is not free (V8 symbolizes its
// stack when DevTools or a test driver listens).
if (!("regeneratorRuntime" in globalThis)) (globalThis as Record<string, unknown>).regeneratorRuntime = undefined;

// Preloaded into every Prism child (`node --require`). The child's IPC channel to
// the mock runner closes whenever the runner goes away, even on SIGKILL, when it
// cannot stop its children itself: so no Prism is ever left behind as an orphan.
process.on("disconnect", () => process.exit(0));

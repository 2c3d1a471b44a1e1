// The classic-script build defines the global `libchan4j` with the same API (export as namespace). A script, not a
// module, as a page's inline <script> would be.
async function viaGlobal(): Promise<boolean> {
  const session: libchan4j.Session = await libchan4j.connect('/chan');
  return session.open;
}
void viaGlobal;

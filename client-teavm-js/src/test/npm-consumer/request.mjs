// One request with a return channel, as the package README shows; prints the replies as JSON.
export async function requestReply(session, cmd) {
  const requests = session.newSender();
  const replies = requests.newReceiver();
  await requests.send({ cmd, replyTo: replies });
  const got = [];
  for await (const reply of replies) got.push(reply);
  const mode = session.mode;
  session.close();
  await session.closed;
  return { mode, got };
}

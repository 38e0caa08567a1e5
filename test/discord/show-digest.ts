/**
 * Prints a digest as the fake Discord received it: start the real front end against the fake, deliver the
 * sample digest, show the request. Run with `npx tsx test/discord/show-digest.ts`.
 */
import { sampleDigest } from '../support/digest-fixture.ts';
import { startDiscord } from '../support/discord-harness.ts';

const channelId = '700000000000000042';
const discord = await startDiscord();
try {
  await discord.frontEnd.send(channelId, sampleDigest(), 'discord:100000000000000001');
  const request = discord.fake.requests.find((r) => r.path === `/channels/${channelId}/messages`)!;
  const { authorization: _secret, ...headers } = request.headers;
  console.log(`${request.method} /api/v10${request.path}`);
  console.log(`content-type: ${headers['content-type']}\n`);
  console.log(JSON.stringify(request.body, null, 2));
} finally {
  await discord.stop();
}

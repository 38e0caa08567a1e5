/**
 * Every error Slack documents for chat.postMessage (the method's own and the common ones, from
 * https://docs.slack.dev/reference/methods/chat.postMessage), answered by the fake Slack to the real Web API client,
 * becomes one delivery error code. The table is written out here, not read from the adapter, so a code the adapter
 * forgets or maps differently fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrontEnd } from '../../core/ports.ts';
import { HttpServer } from '../../bots/http.ts';
import { CODES } from '../../bots/slack/errors.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import type { DeliveryErrorCode } from '../../core/ports.ts';
import { deliveryFailure } from '../support/delivery-failure.ts';
import { startFakeSlack, type Answer, type FakeSlack } from './fake-slack.ts';
import { capturedLogger, stubRunner } from './support.ts';
import { sampleDigest } from '../support/digest-fixture.ts';

const DOCUMENTED: Array<[string, DeliveryErrorCode]> = [
  ['access_denied', 'no_access'],
  ['accesslimited', 'auth'],
  ['account_inactive', 'auth'],
  ['agent_prompt_display_not_allowed', 'bad_request'],
  ['app_access_restricted', 'no_access'],
  ['as_user_not_supported', 'bad_request'],
  ['attachment_payload_limit_exceeded', 'bad_request'],
  ['cannot_reply_to_message', 'bad_request'],
  ['channel_not_found', 'channel_gone'],
  ['deprecated_endpoint', 'transient'],
  ['draft_already_deleted', 'bad_request'],
  ['draft_already_sent', 'bad_request'],
  ['draft_has_conflict', 'bad_request'],
  ['draft_not_found', 'bad_request'],
  ['duplicate_channel_not_found', 'bad_request'],
  ['duplicate_message_not_found', 'bad_request'],
  ['ekm_access_denied', 'no_access'],
  ['enterprise_is_restricted', 'no_access'],
  ['fatal_error', 'transient'],
  ['internal_error', 'transient'],
  ['invalid_arg_name', 'bad_request'],
  ['invalid_arguments', 'bad_request'],
  ['invalid_array_arg', 'bad_request'],
  ['invalid_auth', 'auth'],
  ['invalid_blocks', 'bad_request'],
  ['invalid_blocks_format', 'bad_request'],
  ['invalid_charset', 'bad_request'],
  ['invalid_form_data', 'bad_request'],
  ['invalid_metadata_format', 'bad_request'],
  ['invalid_metadata_schema', 'bad_request'],
  ['invalid_post_type', 'bad_request'],
  ['is_archived', 'channel_gone'],
  ['markdown_text_conflict', 'bad_request'],
  ['message_limit_exceeded', 'rate_limited'],
  ['messages_tab_disabled', 'no_access'],
  ['metadata_must_be_sent_from_app', 'auth'],
  ['metadata_too_large', 'bad_request'],
  ['method_deprecated', 'transient'],
  ['missing_file_data', 'bad_request'],
  ['missing_post_type', 'bad_request'],
  ['missing_scope', 'auth'],
  ['msg_blocks_too_long', 'bad_request'],
  ['msg_too_long', 'bad_request'],
  ['no_permission', 'no_access'],
  ['no_text', 'bad_request'],
  ['not_allowed_token_type', 'auth'],
  ['not_authed', 'auth'],
  ['not_in_channel', 'no_access'],
  ['org_login_required', 'auth'],
  ['rate_limited', 'rate_limited'],
  ['ratelimited', 'rate_limited'],
  ['request_timeout', 'transient'],
  ['restricted_action', 'no_access'],
  ['restricted_action_non_threadable_channel', 'no_access'],
  ['restricted_action_read_only_channel', 'no_access'],
  ['restricted_action_thread_locked', 'no_access'],
  ['restricted_action_thread_only_channel', 'no_access'],
  ['send_on_behalf_not_allowed', 'bad_request'],
  ['service_unavailable', 'transient'],
  ['slack_connect_canvas_sharing_blocked', 'bad_request'],
  ['slack_connect_file_link_sharing_blocked', 'bad_request'],
  ['slack_connect_lists_sharing_blocked', 'bad_request'],
  ['team_access_not_granted', 'no_access'],
  ['team_added_to_org', 'transient'],
  ['team_not_found', 'bad_request'],
  ['token_expired', 'auth'],
  ['token_revoked', 'auth'],
  ['too_many_attachments', 'bad_request'],
  ['too_many_contact_cards', 'bad_request'],
  ['two_factor_setup_required', 'auth'],
];

let fake: FakeSlack;
let n = 0;

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await fake?.close();
});

async function frontEnd(): Promise<FrontEnd> {
  const front = createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: fake.apiUrl, admins: [], operators: [], oauth: null },
    { paceMs: 0, timeoutMs: 1_000 },
  );
  await front.start({ run: stubRunner().run, http: new HttpServer(() => {}), log: capturedLogger('silent').log });
  return front;
}

/**
 * Script one answer to chat.postMessage and return what the send failed with, and how many posts were made. A
 * front end each: a rate limit holds every later send of the one that met it.
 */
async function refusal(answer: Answer) {
  const channel = `C0CODE${++n}`;
  const front = await frontEnd();
  try {
    fake.script('chat.postMessage', answer);
    const error = await deliveryFailure(front.send(channel, sampleDigest(), 'slack:T0TEST', { key: `digest:${n}:2026-11-21` }));
    return { error, posts: fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).length };
  } finally {
    await front.stop();
  }
}

describe('every documented chat.postMessage error has one delivery code', () => {
  it('the adapter knows exactly the documented codes', () => {
    expect(Object.keys(CODES).sort()).toEqual(DOCUMENTED.map(([code]) => code).sort());
  });

  it.each(DOCUMENTED)('%s is %s, reported once with its reason, and surely not posted', async (code, expected) => {
    const { error, posts } = await refusal({ body: { ok: false, error: code } });
    expect(error.code).toBe(expected);
    expect(error.reason).toContain(`(${code})`);
    expect(error.reason.length).toBeGreaterThan(code.length + 10);
    // Slack answered "no": the message did not arrive, so a retry needs no history check
    expect(error.mayHaveArrived).toBe(false);
    if (expected === 'rate_limited') expect(error.retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(posts).toBe(1);
  });

  it('an error Slack may add later is transient, named in the reason', async () => {
    const { error } = await refusal({ body: { ok: false, error: 'some_new_error' } });
    expect(error.code).toBe('transient');
    expect(error.reason).toContain('some_new_error');
  });
});

describe('HTTP and network failures', () => {
  it.each([
    [{ status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } }, 'rate_limited', false, /wait 7 s/],
    [{ status: 500, body: 'oops' }, 'transient', true, /HTTP 500/],
    [{ status: 503, body: 'unavailable' }, 'transient', true, /HTTP 503/],
    [{ status: 401, body: 'no' }, 'auth', false, /HTTP 401/],
    [{ status: 403, body: 'no' }, 'auth', false, /HTTP 403/],
    [{ status: 400, body: 'bad' }, 'bad_request', false, /HTTP 400/],
    [{ hangUp: true, accept: true }, 'transient', true, /could not reach Slack/],
    [{ delayMs: 3_000 }, 'transient', true, /timed out/],
  ] as Array<[Answer, DeliveryErrorCode, boolean, RegExp]>)('%o is %s (may have arrived: %s)', async (answer, expected, arrived, reason) => {
    const { error, posts } = await refusal(answer);
    expect(error.code).toBe(expected);
    expect(error.mayHaveArrived).toBe(arrived);
    expect(error.reason).toMatch(reason);
    if (expected === 'rate_limited') expect(error.retryAfterMs).toBe(7_000);
    expect(posts).toBe(1);
  });

  it('a Slack that cannot be reached at all is transient, and surely not posted', async () => {
    const gone = await startFakeSlack();
    const offline = createSlackFrontEnd(
      { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: gone.apiUrl, admins: [], operators: [], oauth: null },
      { paceMs: 0, retryConfig: { retries: 0 } },
    );
    await offline.start({ run: stubRunner().run, http: new HttpServer(() => {}), log: capturedLogger('silent').log });
    await gone.close();
    const error = await deliveryFailure(offline.send('C0OFFLINE', sampleDigest(), 'slack:T0TEST', { key: 'k' }));
    await offline.stop();
    expect(error.code).toBe('transient');
    expect(error.reason).toMatch(/could not reach Slack \(ECONNREFUSED\)/);
    expect(error.mayHaveArrived).toBe(false);
  });
});

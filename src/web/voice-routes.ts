import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { answerCall, type CallNotes, callsUsedUp, checkCall, takeCallResult } from '../senders/codes/call-code.js';
import { keepCallRecording } from '../senders/codes/call-recording.js';
import { checkCallToken, voiceCallPath } from '../senders/numbers/voice-call-token.js';
import type { NewOutboxItem } from '../store/repositories.js';
import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from '../views/alerts.js';
import { callUnsureNote, codeTakenNote } from '../views/voice-call-notes.js';
import { readForm } from './read-form.js';
import type { WebRoute } from './routes.js';
import { hangUp, listenForCode, recordTheRest } from './voice-twiml.js';

type Request = IncomingMessage & { params?: Partial<Record<string, string | string[]>> };

/** Twilio's webhook forms are a few kilobytes at most, sent at once. */
const FORM_LIMITS = { maxBytes: 32 * 1024, deadlineMs: 10_000 };
const MAX_TOKEN_LENGTH = 200;

type Step = 'answer' | 'heard' | 'recording';

const answer = (res: ServerResponse, status: number, twiml?: string) => {
  // A request refused before its body was read: the connection is closed rather than left to the sender.
  if (!twiml) return void res.writeHead(status, { 'cache-control': 'no-store', ...(status >= 400 ? { connection: 'close' } : {}) }).end();
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' }).end(twiml);
};

const threadPost = (record: SenderRecord, post: SlackPost): NewOutboxItem[] => [
  { kind: 'post', senderId: record.id, threadOf: 'registration', text: post.text, blocks: post.blocks },
];

function notes(deps: AppDeps): CallNotes {
  return {
    taken: (record, masked, at) => threadPost(record, codeTakenNote(record, masked, at, deps.senders.clock.now())),
    unsure: (record, reason) => threadPost(record, callUnsureNote(record, reason, callsUsedUp(record))),
  };
}

/** Twilio's requests for a call to the number: the call itself, what the listening heard, the recording. */
async function onCall(deps: AppDeps, step: Step, req: Request, res: ServerResponse): Promise<void> {
  const settings = deps.senders.voiceCalls;
  const token = typeof req.params?.token === 'string' && req.params.token.length <= MAX_TOKEN_LENGTH ? req.params.token : '';
  // The token's own signature first (no I/O): a request for no call of the bot's is refused before its body is read.
  if (!settings || !checkCallToken(settings.key, token)) return answer(res, 403);
  const form = await readForm(req, FORM_LIMITS);
  if (!form) return answer(res, 400);
  const signature = req.headers['x-twilio-signature'];
  const check = await checkCall(deps.senders, {
    token,
    signature: typeof signature === 'string' ? signature : '',
    url: `${settings.publicUrl}${req.url ?? ''}`,
    params: form,
  });
  if (check.kind === 'refused') return answer(res, 403);
  if (check.kind === 'unavailable') return answer(res, 503);
  const base = `${settings.publicUrl}${voiceCallPath(token)}`;
  const callSid = form.CallSid ?? '';
  if (step === 'recording') {
    if (form.RecordingStatus === 'completed' && form.RecordingSid) await keepCallRecording(deps.senders, check.record, form.RecordingSid, callSid);
    deps.outbox.kick();
    return answer(res, 204);
  }
  if (check.kind === 'ended') return answer(res, 200, hangUp());
  // Twilio's Record verb reports here too, once it has recorded the call.
  const afterRecording = Boolean(form.RecordingSid);
  // A code from a call was accepted: a replay of what was heard is refused; the recording Twilio made meanwhile ends the call.
  if (check.kind === 'taken') return afterRecording ? answer(res, 200, hangUp()) : answer(res, 403);
  // Anyone can call the number: each call is answered while the token has calls left, and Meta's may still come.
  if ((await answerCall(deps.senders, check.record, check.nonce, callSid)) === 'used_up') return answer(res, 200, hangUp());
  if (step === 'answer') return answer(res, 200, listenForCode(`${base}/heard`, `${base}/recording`));
  const outcome = await takeCallResult(deps.senders, check.record, check.nonce, callSid, { speech: form.SpeechResult }, notes(deps));
  deps.outbox.kick();
  if (outcome.kind === 'taken') await showSenderMessage(deps.senders, deps.outbox, outcome.record);
  answer(res, 200, outcome.kind === 'unsure' && !afterRecording ? recordTheRest(`${base}/heard`, `${base}/recording`) : hangUp());
}

const guarded = (deps: AppDeps, step: Step) => (req: Request, res: ServerResponse) => {
  onCall(deps, step, req, res).catch((error: unknown) => {
    deps.logger.error('a voice call request failed', { step, error: deps.senders.secrets.scrub((error as Error).message) });
    // Twilio then plays the number's fallback; a person can still enter the code.
    if (!res.headersSent) answer(res, 500);
    else res.end();
  });
};

/** Twilio's webhooks for a voice-only number whose calls the bot answers (PUBLIC_URL set). */
export function voiceCallRoutes(deps: AppDeps): WebRoute[] {
  return [
    { path: '/voice/:token', method: 'POST', handler: guarded(deps, 'answer') },
    { path: '/voice/:token/heard', method: 'POST', handler: guarded(deps, 'heard') },
    { path: '/voice/:token/recording', method: 'POST', handler: guarded(deps, 'recording') },
  ];
}

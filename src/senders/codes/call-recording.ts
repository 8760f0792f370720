import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { problemFrom } from '../outcome.js';

const RECORDING_SID = /^RE[0-9a-f]{32}$/;

/** A recording is wanted while the registration still waits for its code. */
const wanted = (record: SenderRecord) => record.state === 'awaiting_code' && !record.voiceForward?.restoredAt;

/**
 * Twilio recorded a call to the number. Kept once (a second delivery of the same recording does
 * nothing): while a code is still wanted the call's first recording is queued for the sender's
 * thread (the outbox uploads it; at most one per call), otherwise it is deleted from Twilio at once.
 */
export async function keepCallRecording(ctx: SendersContext, record: SenderRecord, recordingSid: string, callSid: string): Promise<void> {
  if (!RECORDING_SID.test(recordingSid)) return;
  const kept = await commit(ctx, async (read) => {
    const current = await read.senders.get(record.id);
    const call = current?.voiceForward?.call;
    if (!current || !call || call.recordings?.some((r) => r.sid === recordingSid)) return { result: undefined };
    const callPosted = call.recordings?.some((r) => r.callSid === callSid);
    call.recordings = [...(call.recordings ?? []), { sid: recordingSid, callSid }];
    return {
      senders: [current],
      messages: wanted(current) && !callPosted ? [{ kind: 'upload_recording' as const, senderId: current.id, recordingSid }] : [],
      result: current,
    };
  });
  if (!kept || wanted(kept)) return;
  await deleteCallRecordings(ctx, kept);
  const deletedAt = new Map((kept.voiceForward?.call?.recordings ?? []).map((r) => [r.sid, r.deletedAt]));
  await commit(
    ctx,
    senderChange(kept, (r) => {
      for (const recording of r.voiceForward?.call?.recordings ?? []) recording.deletedAt ??= deletedAt.get(recording.sid);
    }),
  );
}

/** The audio of a recording the registration holds and Twilio still has (undefined once no code is wanted). */
export async function callRecordingAudio(ctx: SendersContext, record: SenderRecord, recordingSid: string): Promise<Buffer | undefined> {
  const recording = record.voiceForward?.call?.recordings?.find((r) => r.sid === recordingSid);
  if (!recording || recording.deletedAt || !wanted(record)) return undefined;
  return ctx.twilio.recordingAudio(record.accountSid, recordingSid);
}

/**
 * Deletes the call's recordings from Twilio, once no code is wanted (accepted, or the
 * registration ended), marking each on the record in hand; a deletion Twilio refuses is left for
 * the next time and never holds up what called it.
 */
export async function deleteCallRecordings(ctx: SendersContext, record: SenderRecord): Promise<void> {
  for (const recording of record.voiceForward?.call?.recordings ?? []) {
    if (recording.deletedAt) continue;
    try {
      await ctx.twilio.deleteRecording(record.accountSid, recording.sid);
      recording.deletedAt = iso(ctx.clock.now());
    } catch (error) {
      const problem = problemFrom(error);
      // Already gone: nothing left to delete.
      if (problem.httpStatus === 404) recording.deletedAt = iso(ctx.clock.now());
      else ctx.logger.warn('could not delete a recording of Meta’s call yet', { id: record.id, recording: recording.sid, error: problem.message });
    }
  }
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import { noticeModal } from '../views/notice-modal.js';
import { elementOf, inputValue, type StateValues } from '../views/state-values.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** A bulk form's private metadata (its channel, its run), or nothing when it cannot be read. */
export const formMetadata = (raw: string): Record<string, string> => {
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return {};
  }
};

/** A run started from a person's messages with the bot posts there (a user ID), not to a channel. */
export const whereShown = (channel: string): string => (/^[UW][A-Z0-9]+$/.test(channel) ? 'your messages with the bot' : `<#${channel}>`);

/**
 * The CSV of a bulk form (an uploaded file or pasted text), after answering Slack at once with
 * "Checking every row…"; undefined when the form was refused or the file could not be read,
 * which the form has said already.
 */
export async function readUploadedCsv(
  deps: AppDeps,
  { ack, view, body, client }: Args,
  form: { title: string; upload: (channel: string, error: string) => View },
): Promise<{ csv: string; channel: string } | undefined> {
  const values = view.state.values as StateValues;
  const files = elementOf(values, 'file')?.files ?? [];
  const pasted = inputValue(values, 'csv_text')?.trim();
  const { channel = '' } = formMetadata(view.private_metadata);
  const refusal = await deps.access.refusal(body.user.id, 'change');
  if (refusal) {
    await ack({ response_action: 'errors', errors: { file: refusal } });
    return undefined;
  }
  if (!files.length && !pasted) {
    await ack({ response_action: 'errors', errors: { file: 'Upload a CSV file, or paste CSV text below.' } });
    return undefined;
  }
  await ack({ response_action: 'update', view: noticeModal(form.title, 'Checking every row… nothing is sent yet.') });
  const file = files[0];
  if (!file) return { csv: pasted ?? '', channel };
  try {
    return { csv: await deps.downloadFile(file.url_private_download ?? file.url_private ?? ''), channel };
  } catch (error) {
    const again = form.upload(channel, `:x: The file could not be read: ${(error as Error).message}. Upload it again, or paste the CSV.`);
    await client.views
      .update({ view_id: view.id, view: again })
      .catch((e) => deps.logger.warn('could not show the upload error', { error: (e as Error).message }));
    return undefined;
  }
}

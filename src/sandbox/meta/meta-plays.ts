import type { MetaWabaState, NumberState, Quality } from './meta-waba-state.js';
import type { MetaWebhookSender } from './meta-webhook-sender.js';

export interface RestrictionPlay {
  entity?: 'WABA' | 'BUSINESS';
  canSend?: 'BLOCKED' | 'LIMITED';
  code?: number;
  description?: string;
  solution?: string;
}

export interface NumberBlockPlay {
  canSend?: 'BLOCKED' | 'LIMITED';
  code?: number;
  description?: string;
  solution?: string;
}

const PAYMENT_ERROR = {
  code: 141006,
  description: 'There is an error with the payment method. This will block business initiated conversations.',
  solution: 'Add a valid payment method to the WhatsApp Business Account in Business Settings.',
};
const NUMBER_BLOCKED = {
  code: 131031,
  description: 'The business account for this phone number has been locked.',
  solution: 'Review the account in WhatsApp Manager and appeal the decision.',
};
const QUALITY_RANK: Record<Quality, number> = { GREEN: 0, YELLOW: 1, RED: 2 };
const DAILY_LIMITS: Record<string, number> = { TIER_250: 250, TIER_2K: 2_000, TIER_10K: 10_000, TIER_100K: 100_000, TIER_UNLIMITED: -1 };
const DAY_MS = 86_400_000;

/** Meta's webhooks carry the number as digits, without the plus. */
const webhookNumber = (number: NumberState) => number.e164.replace(/^\+/, '');

/**
 * What Meta does to a customer's account, played on the stand-in: each play changes Meta's state
 * (what the Graph API shows next) and sends the webhook Meta sends for it. Each resolves once its
 * webhooks are answered (at once while webhooks are held).
 */
export class MetaPlays {
  constructor(
    private readonly state: MetaWabaState,
    private readonly webhooks: MetaWebhookSender,
    private readonly now: () => number = Date.now,
  ) {}

  /** A WABA or its business can no longer send (or only some): account_update to every WABA concerned. */
  restrictWaba(wabaId: string, play: RestrictionPlay = {}): Promise<void> {
    const waba = this.requireWaba(wabaId);
    const canSend = play.canSend ?? 'BLOCKED';
    const error = {
      code: play.code ?? PAYMENT_ERROR.code,
      description: play.description ?? PAYMENT_ERROR.description,
      solution: play.solution ?? PAYMENT_ERROR.solution,
    };
    const business = this.state.business(waba.businessId);
    const target = play.entity === 'BUSINESS' ? business : waba;
    target.health = { canSend, errors: [error] };
    const wabas = play.entity === 'BUSINESS' ? this.state.wabasOf(business.id) : [waba];
    return this.sendAll(wabas.map((each) => [each.id, 'account_update', this.restrictionValue(canSend)]));
  }

  /** Every restriction of the WABA and its business ends. */
  liftRestriction(wabaId: string): Promise<void> {
    const waba = this.requireWaba(wabaId);
    const business = this.state.business(waba.businessId);
    const restricted = [waba.health, business.health].filter((health) => health.canSend !== 'AVAILABLE');
    if (restricted.length === 0) return Promise.resolve();
    const wasBlocked = restricted.some((health) => health.canSend === 'BLOCKED');
    const wholeBusiness = business.health.canSend !== 'AVAILABLE';
    waba.health = { canSend: 'AVAILABLE', errors: [] };
    business.health = { canSend: 'AVAILABLE', errors: [] };
    const value = wasBlocked
      ? { event: 'DISABLED_UPDATE', ban_info: { waba_ban_state: 'REINSTATE', waba_ban_date: new Date(this.now()).toISOString().slice(0, 10) } }
      : { event: 'ACCOUNT_RESTRICTION', restriction_info: [] };
    const wabas = wholeBusiness ? this.state.wabasOf(business.id) : [waba];
    return this.sendAll(wabas.map((each) => [each.id, 'account_update', value]));
  }

  /** Meta stops (or limits) one number while its status stays CONNECTED: Twilio still says ONLINE. */
  blockNumber(e164: string, play: NumberBlockPlay = {}): Promise<void> {
    const number = this.state.requireNumber(e164);
    const error = {
      code: play.code ?? NUMBER_BLOCKED.code,
      description: play.description ?? NUMBER_BLOCKED.description,
      solution: play.solution ?? NUMBER_BLOCKED.solution,
    };
    number.health = { canSend: play.canSend ?? 'BLOCKED', errors: [error] };
    return this.numberAlert(number, 'ACTIVE', error.description);
  }

  unblockNumber(e164: string): Promise<void> {
    const number = this.state.requireNumber(e164);
    number.health = { canSend: 'AVAILABLE', errors: [] };
    return this.numberAlert(number, 'NONE', 'The phone number can send messages again.');
  }

  /** Meta declines a requested display name (a first one: name_status DECLINED; a change: new_name_status REJECTED). */
  declineName(e164: string, reason: string, requestedName?: string): Promise<void> {
    const number = this.state.requireNumber(e164);
    const requested = requestedName ?? number.verifiedName ?? 'Sandbox Business';
    if (number.nameStatus === 'APPROVED') number.newNameStatus = 'REJECTED';
    else number.nameStatus = 'DECLINED';
    return this.nameUpdate(number, 'REJECTED', requested, reason);
  }

  approveName(e164: string, requestedName?: string): Promise<void> {
    const number = this.state.requireNumber(e164);
    const requested = requestedName ?? number.verifiedName ?? 'Sandbox Business';
    number.verifiedName = requested;
    number.nameStatus = 'APPROVED';
    number.newNameStatus = 'NONE';
    return this.nameUpdate(number, 'APPROVED', requested, 'NONE');
  }

  setQuality(e164: string, quality: Quality): Promise<void> {
    const number = this.state.requireNumber(e164);
    const before = number.quality;
    if (before === quality) return Promise.resolve();
    number.quality = quality;
    const worse = QUALITY_RANK[quality] > QUALITY_RANK[before];
    const event = worse ? (quality === 'RED' ? 'FLAGGED' : 'DOWNGRADE') : before === 'RED' ? 'UNFLAGGED' : 'UPGRADE';
    const current_limit = this.state.businessOf(number.wabaId)!.limit;
    return this.sendAll([[number.wabaId, 'phone_number_quality_update', { display_phone_number: webhookNumber(number), event, current_limit }]]);
  }

  /** The business portfolio's messaging limit, shared by every number of every WABA of the business. */
  setPortfolioLimit(wabaId: string, limit: string): Promise<void> {
    const business = this.state.businessOf(wabaId);
    if (!business) throw new Error(`the Meta stand-in knows no WABA ${wabaId}`);
    business.limit = limit;
    const value = { max_daily_conversations_per_business: DAILY_LIMITS[limit] ?? limit, max_phone_numbers_per_business: 20 };
    return this.sendAll(this.state.wabasOf(business.id).map((each) => [each.id, 'business_capability_update', value]));
  }

  private requireWaba(wabaId: string) {
    const waba = this.state.waba(wabaId);
    if (!waba) throw new Error(`the Meta stand-in knows no WABA ${wabaId}`);
    return waba;
  }

  private restrictionValue(canSend: 'BLOCKED' | 'LIMITED'): Record<string, unknown> {
    if (canSend === 'BLOCKED') {
      return { event: 'DISABLED_UPDATE', ban_info: { waba_ban_state: 'DISABLE', waba_ban_date: new Date(this.now()).toISOString().slice(0, 10) } };
    }
    const expiration = new Date(this.now() + 30 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, '+0000');
    return { event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration }] };
  }

  private numberAlert(number: NumberState, status: 'ACTIVE' | 'NONE', description: string): Promise<void> {
    const alert_info = { alert_severity: 'CRITICAL', alert_status: status, alert_type: 'SENDING_BLOCKED', alert_description: description };
    return this.sendAll([[number.wabaId, 'account_alerts', { entity_type: 'PHONE_NUMBER', entity_id: number.id, alert_info }]]);
  }

  private nameUpdate(number: NumberState, decision: string, requested: string, reason: string): Promise<void> {
    const value = { display_phone_number: webhookNumber(number), decision, requested_verified_name: requested, rejection_reason: reason };
    return this.sendAll([[number.wabaId, 'phone_number_name_update', value]]);
  }

  private async sendAll(changes: [string, string, Record<string, unknown>][]): Promise<void> {
    const at = this.now();
    await Promise.all(changes.map(([wabaId, field, value]) => this.webhooks.send(wabaId, field, value, at)));
  }
}

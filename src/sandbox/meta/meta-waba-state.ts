import { randomInt } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type CanSend = 'AVAILABLE' | 'LIMITED' | 'BLOCKED';
export type Quality = 'GREEN' | 'YELLOW' | 'RED';

export interface EntityError {
  code: number;
  description: string;
  solution?: string;
}

/** One entity's own health (a number, a WABA, a business), before Meta rolls them up. */
export interface EntityHealth {
  canSend: CanSend;
  errors: EntityError[];
}

export interface BusinessState {
  id: string;
  name: string;
  verification: string;
  /** The portfolio's messaging limit, shared by all its numbers (Meta's `whatsapp_business_manager_messaging_limit`). */
  limit: string;
  health: EntityHealth;
}

export interface WabaState {
  id: string;
  businessId: string;
  assigned: boolean;
  /** What the latest `POST /subscribed_apps` carried, once the app is subscribed. */
  subscription?: Record<string, string>;
  accountReviewStatus: string;
  health: EntityHealth;
}

export interface NumberState {
  id: string;
  wabaId: string;
  e164: string;
  display: string;
  verifiedName?: string;
  status: string;
  nameStatus: string;
  newNameStatus: string;
  codeVerificationStatus: string;
  quality: Quality;
  official: boolean;
  health: EntityHealth;
}

const digits = (count: number) => Array.from({ length: count }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');
const available = (): EntityHealth => ({ canSend: 'AVAILABLE', errors: [] });
const RANK: Record<CanSend, number> = { AVAILABLE: 0, LIMITED: 1, BLOCKED: 2 };

/** Meta's roll-up: BLOCKED if any entity is, else LIMITED if any is, else AVAILABLE. */
export const worst = (healths: EntityHealth[]): CanSend =>
  healths.reduce<CanSend>((worse, health) => (RANK[health.canSend] > RANK[worse] ? health.canSend : worse), 'AVAILABLE');

export const displayOf = (e164: string) => parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;

/** Meta's side of every WABA the stand-in knows: its business, its numbers, their health and verdicts. */
export class MetaWabaState {
  private readonly wabas = new Map<string, WabaState>();
  private readonly businesses = new Map<string, BusinessState>();
  private readonly numbers = new Map<string, NumberState>();

  constructor(private readonly numbersOf?: (wabaId: string) => { e164: string; verifiedName?: string }[]) {}

  /** A WABA Meta knows (made by a signup, or one the Twilio simulator has numbers for). */
  addWaba(wabaId: string): WabaState {
    let waba = this.wabas.get(wabaId);
    if (!waba) {
      const business: BusinessState = { id: digits(15), name: 'Sandbox Business', verification: 'verified', limit: 'TIER_2K', health: available() };
      this.businesses.set(business.id, business);
      waba = { id: wabaId, businessId: business.id, assigned: false, accountReviewStatus: 'APPROVED', health: available() };
      this.wabas.set(wabaId, waba);
    }
    return waba;
  }

  /** A number a signup added, under the phone number ID the signup gave. */
  addNumber(wabaId: string, id: string, e164: string, verifiedName?: string): NumberState {
    this.addWaba(wabaId);
    const number: NumberState = {
      id,
      wabaId,
      e164,
      display: displayOf(e164),
      verifiedName,
      status: 'CONNECTED',
      nameStatus: verifiedName ? 'APPROVED' : 'NONE',
      newNameStatus: 'NONE',
      codeVerificationStatus: 'VERIFIED',
      quality: 'GREEN',
      official: false,
      health: available(),
    };
    this.numbers.set(id, number);
    return number;
  }

  shareBusiness(wabaId: string, withWabaId: string): void {
    const waba = this.addWaba(wabaId);
    waba.businessId = this.addWaba(withWabaId).businessId;
  }

  waba(wabaId: string): WabaState | undefined {
    if (!this.wabas.has(wabaId) && (this.numbersOf?.(wabaId).length ?? 0) > 0) this.addWaba(wabaId);
    return this.wabas.get(wabaId);
  }

  business(businessId: string): BusinessState {
    return this.businesses.get(businessId)!;
  }

  businessOf(wabaId: string): BusinessState | undefined {
    const waba = this.waba(wabaId);
    return waba && this.business(waba.businessId);
  }

  /** The WABAs of a business: a restriction of the business reaches every one. */
  wabasOf(businessId: string): WabaState[] {
    return [...this.wabas.values()].filter((waba) => waba.businessId === businessId);
  }

  /** A WABA's numbers: the signups' and the ones the Twilio simulator has for it, in a stable order. */
  numbersIn(wabaId: string): NumberState[] {
    for (const { e164, verifiedName } of this.numbersOf?.(wabaId) ?? []) {
      if (!this.numberByE164(e164)) this.addNumber(wabaId, digits(15), e164, verifiedName);
    }
    return [...this.numbers.values()].filter((number) => number.wabaId === wabaId);
  }

  numberByE164(e164: string): NumberState | undefined {
    for (const number of this.numbers.values()) if (number.e164 === e164) return number;
    return undefined;
  }

  /** A number by E.164, looking in every WABA the simulator knows the number by. */
  requireNumber(e164: string): NumberState {
    const number = this.numberByE164(e164) ?? this.findInKnownWabas(e164);
    if (!number) throw new Error(`the Meta stand-in knows no number ${e164}`);
    return number;
  }

  private findInKnownWabas(e164: string): NumberState | undefined {
    for (const wabaId of [...this.wabas.keys()]) this.numbersIn(wabaId);
    return this.numberByE164(e164);
  }

  /** Meta's `health_status` of a number: its own entity with its WABA's, its business's and the app's. */
  numberHealth(number: NumberState): Record<string, unknown> {
    const waba = this.wabas.get(number.wabaId)!;
    return rollUp([
      ['PHONE_NUMBER', number.id, number.health],
      ['WABA', waba.id, waba.health],
      ['BUSINESS', waba.businessId, this.business(waba.businessId).health],
      ['APP', 'sandbox-app', available()],
    ]);
  }

  wabaHealth(waba: WabaState): Record<string, unknown> {
    return rollUp([
      ['WABA', waba.id, waba.health],
      ['BUSINESS', waba.businessId, this.business(waba.businessId).health],
      ['APP', 'sandbox-app', available()],
    ]);
  }
}

function rollUp(entities: [string, string, EntityHealth][]): Record<string, unknown> {
  return {
    can_send_message: worst(entities.map(([, , health]) => health)),
    entities: entities.map(([type, id, health]) => ({
      entity_type: type,
      id,
      can_send_message: health.canSend,
      ...(health.errors.length > 0
        ? {
            errors: health.errors.map((error) => ({
              error_code: error.code,
              error_description: error.description,
              ...(error.solution ? { possible_solution: error.solution } : {}),
            })),
          }
        : {}),
    })),
  };
}

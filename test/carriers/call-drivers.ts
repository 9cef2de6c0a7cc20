import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { newCallId } from '../helpers/call-fixture.ts';
import type { Carrier, CarrierInbox, CarrierWorld } from './carrier-world.ts';
import { PUBLIC_BASE_URL, reachable } from './carrier-world.ts';
import { legStateOf, type TelnyxRequest } from './fakes/telnyx-fake.ts';
import { twilioSid } from './fakes/twilio-fake.ts';
import { readTwiml, type TwimlNode } from './fakes/twiml-reader.ts';

export const CALLER = '+14155550100';
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

/** One inbound call driven from the carrier's side: what a caller, the agents' phones and the carrier itself do. */
export interface CallDriver {
  readonly callId: string;
  start(): Promise<void>;
  /** Resolves once these agents (together) are being rung. */
  ringing(userIds: string[]): Promise<void>;
  answer(userId: string): Promise<void>;
  decline(userId: string): Promise<void>;
  agentHangsUp(): Promise<void>;
  callerHangsUp(): Promise<void>;
  /** Resolves once the caller is offered voicemail (on Twilio, after its <Dial>s time out unanswered). */
  voicemailOffered(): Promise<{ greeting: string; maxLengthSec: number }>;
  leaveVoicemail(durationSec: number): Promise<void>;
  /** Resolves once the carrier is told to hang up on the caller. */
  hungUp(): Promise<void>;
}

export function driverFor(world: CarrierWorld, inbox: CarrierInbox): CallDriver {
  const drivers: Record<Carrier, () => CallDriver> = { native: () => new NativeCall(world, inbox), telnyx: () => new TelnyxCall(world, inbox), twilio: () => new TwilioCall(world, inbox) };
  return drivers[inbox.carrier]();
}

class NativeCall implements CallDriver {
  readonly callId = newCallId();
  private readonly world: CarrierWorld;
  private readonly inbox: CarrierInbox;
  constructor(world: CarrierWorld, inbox: CarrierInbox) {
    [this.world, this.inbox] = [world, inbox];
  }

  private async send(event: Record<string, unknown>) {
    expect((await this.world.native.sendVoice({ callId: this.callId, ...event })).status).toBe(202);
  }
  start = () => this.send({ type: 'call.initiated', from: CALLER, to: this.inbox.number });
  async ringing(userIds: string[]) {
    await this.world.native.nextCommand(this.callId, 'ring', (c) => JSON.stringify((c.body.targets as { userId: string }[]).map((t) => t.userId)) === JSON.stringify(userIds));
  }
  answer = (userId: string) => this.send({ type: 'call.answered', userId });
  decline = (userId: string) => this.send({ type: 'call.declined', userId });
  agentHangsUp = () => this.send({ type: 'call.hangup', party: 'agent', occurredAt: later(1000) });
  callerHangsUp = () => this.send({ type: 'call.hangup', party: 'caller' });
  async voicemailOffered() {
    const { body } = await this.world.native.nextCommand(this.callId, 'voicemail');
    return { greeting: String(body.greeting), maxLengthSec: Number(body.maxLengthSec) };
  }
  leaveVoicemail = (durationSec: number) => this.send({ type: 'call.voicemail', recordingUrl: `https://carrier.test/rec/${this.callId}.mp3`, durationSec });
  async hungUp() {
    await this.world.native.nextCommand(this.callId, 'hangup');
  }
}

class TelnyxCall implements CallDriver {
  readonly callId = randomUUID();
  private readonly callerLeg = `v3:${randomUUID()}`;
  private readonly world: CarrierWorld;
  private readonly inbox: CarrierInbox;
  constructor(world: CarrierWorld, inbox: CarrierInbox) {
    [this.world, this.inbox] = [world, inbox];
  }

  private get fake() {
    return this.world.telnyx;
  }
  private leg(payload: Record<string, unknown> = {}) {
    return { call_control_id: this.callerLeg, call_session_id: this.callId, call_leg_id: randomUUID(), connection_id: 'conn-1', from: CALLER, to: this.inbox.number, ...payload };
  }
  private async send(type: string, payload: Record<string, unknown>, occurredAt?: string) {
    expect((await this.fake.send(type, payload, { occurredAt })).status).toBe(200);
  }
  /** The latest leg Switchboard dialed to this agent on this call. */
  private agentLeg(userId: string): TelnyxRequest {
    const dials = this.fake.accepted((r) => r.path === '/calls' && legStateOf(r).callId === this.callId && legStateOf(r).userId === userId);
    if (!dials.length) throw new Error(`no leg was dialed to ${userId}`);
    return dials.at(-1)!;
  }
  private agentPayload(userId: string, extra: Record<string, unknown>) {
    const dial = this.agentLeg(userId);
    return this.leg({ call_control_id: dial.data.call_control_id, client_state: dial.body.client_state, from: this.inbox.number, to: dial.body.to, direction: 'outgoing', ...extra });
  }
  private action(leg: string, name: string) {
    return this.fake.next((r) => r.path === `/calls/${encodeURIComponent(leg)}/actions/${name}`);
  }

  start = () => this.send('call.initiated', this.leg({ direction: 'incoming', state: 'parked', start_time: new Date().toISOString() }));
  async ringing(userIds: string[]) {
    // One leg for each agent, dialed from our number and linked to the caller's leg.
    for (const userId of userIds) {
      const dial = await this.fake.next((r) => r.path === '/calls' && legStateOf(r).callId === this.callId && legStateOf(r).userId === userId);
      expect(dial.body).toMatchObject({ from: this.inbox.number, link_to: this.callerLeg, bridge_on_answer: true });
    }
  }
  answer = (userId: string) => this.send('call.answered', this.agentPayload(userId, { state: 'answered' }));
  decline = (userId: string) => this.send('call.hangup', this.agentPayload(userId, { hangup_cause: 'call_rejected', hangup_source: 'callee' }));
  async agentHangsUp() {
    const answered = this.fake.accepted((r) => r.path === '/calls' && legStateOf(r).callId === this.callId).at(-1)!;
    await this.send('call.hangup', this.agentPayload(legStateOf(answered).userId, { hangup_cause: 'normal_clearing', hangup_source: 'callee' }), later(1000));
  }
  callerHangsUp = () => this.send('call.hangup', this.leg({ hangup_cause: 'normal_clearing', hangup_source: 'caller' }));
  async voicemailOffered() {
    const speak = await this.action(this.callerLeg, 'speak');
    const record = await this.action(this.callerLeg, 'record_start');
    return { greeting: String(speak.body.payload), maxLengthSec: Number(record.body.max_length) };
  }
  leaveVoicemail(durationSec: number) {
    const ended = new Date();
    return this.send('call.recording.saved', {
      call_leg_id: randomUUID(), call_session_id: this.callId, connection_id: 'conn-1', channels: 'single',
      recording_started_at: new Date(ended.getTime() - durationSec * 1000).toISOString(), recording_ended_at: ended.toISOString(),
      recording_urls: { mp3: `https://telnyx.test/rec/${this.callId}.mp3`, wav: null },
    });
  }
  async hungUp() {
    await this.action(this.callerLeg, 'hangup');
  }
}

class TwilioCall implements CallDriver {
  readonly callId = twilioSid('CA');
  private twiml: TwimlNode | undefined;
  private answeredBy: string | undefined;
  private readonly world: CarrierWorld;
  private readonly inbox: CarrierInbox;
  constructor(world: CarrierWorld, inbox: CarrierInbox) {
    [this.world, this.inbox] = [world, inbox];
  }

  /** Twilio posts to the public URL it was given, which the proxy forwards to Switchboard. */
  private async post(publicUrl: string, params: Record<string, string>) {
    const response = await this.world.twilio.post(reachable(this.world, publicUrl), { CallSid: this.callId, From: CALLER, To: this.inbox.number, Direction: 'inbound', ...params }, { signedUrl: publicUrl });
    expect(response.status, response.text).toBeLessThan(300);
    return response;
  }
  /** Posts a callback Twilio waits on and follows the TwiML it gets, redirects included. */
  private async follow(publicUrl: string, params: Record<string, string>) {
    const response = await this.post(publicUrl, params);
    expect(response.type).toContain('text/xml');
    this.twiml = readTwiml(response.text);
    const redirect = this.twiml.children.find((v) => v.name === 'Redirect');
    if (redirect) await this.follow(redirect.text, { CallStatus: 'in-progress' });
  }
  private get dial() {
    const dial = this.twiml?.children.find((v) => v.name === 'Dial');
    if (!dial) throw new Error(`the caller is not being connected to agents: ${JSON.stringify(this.twiml)}`);
    return dial;
  }
  private nounFor(userId: string) {
    const noun = this.dial.children.find((n) => new URL(n.attrs.statusCallback!).searchParams.get('user') === userId);
    if (!noun) throw new Error(`${userId} is not in the <Dial>`);
    return noun;
  }
  private async dialEnded(params: Record<string, string>) {
    await this.follow(this.dial.attrs.action!, { CallStatus: 'in-progress', DialCallSid: twilioSid('CA'), ...params });
  }

  start = () => this.follow(`${PUBLIC_BASE_URL}/v1/carriers/twilio/voice`, { CallStatus: 'ringing' });
  async ringing(userIds: string[]) {
    const ringed = this.dial.children.map((n) => new URL(n.attrs.statusCallback!).searchParams.get('user'));
    expect(ringed).toEqual(userIds);
  }
  async answer(userId: string) {
    const noun = this.nounFor(userId);
    this.answeredBy = userId;
    await this.post(noun.attrs.statusCallback!, { CallSid: twilioSid('CA'), ParentCallSid: this.callId, CallStatus: 'in-progress', StatusCallbackEvent: 'answered', Timestamp: new Date().toUTCString() });
  }
  async decline(userId: string) {
    const noun = this.nounFor(userId);
    await this.post(noun.attrs.statusCallback!, { CallSid: twilioSid('CA'), ParentCallSid: this.callId, CallStatus: 'busy', StatusCallbackEvent: 'completed' });
    // The <Dial> ends when its last leg does.
    if (this.dial.children.length === 1) await this.dialEnded({ DialCallStatus: 'busy' });
  }
  async agentHangsUp() {
    expect(this.answeredBy).toBeDefined();
    // Twilio tells of the end of a talk only when it ends: here, after a one-second talk (what the other
    // carriers' drivers date their hang-ups with).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await this.dialEnded({ DialCallStatus: 'completed', DialCallDuration: '1' });
  }
  async callerHangsUp() {
    await this.post(`${PUBLIC_BASE_URL}/v1/carriers/twilio/status`, { CallStatus: 'completed', CallDuration: '3', Timestamp: new Date().toUTCString() });
  }
  async voicemailOffered() {
    // Twilio lets each <Dial> ring out its timeout, then asks for what comes next.
    while (this.twiml?.children[0]?.name === 'Dial') {
      await new Promise((resolve) => setTimeout(resolve, Number(this.dial.attrs.timeout) * 1000));
      await this.dialEnded({ DialCallStatus: 'no-answer' });
    }
    const [say, record] = this.twiml!.children;
    expect([say?.name, record?.name]).toEqual(['Say', 'Record']);
    return { greeting: say!.text, maxLengthSec: Number(record!.attrs.maxLength) };
  }
  async leaveVoicemail(durationSec: number) {
    const record = this.twiml!.children.find((v) => v.name === 'Record')!;
    await this.follow(record.attrs.action!, { CallStatus: 'in-progress', RecordingSid: twilioSid('RE'), RecordingUrl: `https://api.twilio.com/rec/${this.callId}`, RecordingDuration: String(durationSec) });
  }
  async hungUp() {
    expect(this.twiml?.children.map((v) => v.name)).toEqual(['Hangup']);
  }

  /** The TwiML last answered, for tests that compare it with what the twilio library builds. */
  get lastTwiml() {
    return this.twiml;
  }
}

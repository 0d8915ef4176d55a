import { createTestApp, type TestApp } from '../support/test-app';
import { eventTypes, waitForEnd } from '../support/http-helpers';
import { match, required } from '../support/expectations';
import { type ConsultationBody, type EventsBody, type MissionRefBody, type PullRequestBody, type StatusBody } from '../support/bodies';
import { BUILT_ATTEMPT, DEPLOYED, PUBLISHED } from '../support/events';

const ALICE = { 'X-Gantry-Client': 'alice-browser-1' };
const BOB = { 'X-Gantry-Client': 'bob-phone-0001' };
describe('Consultation over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => {
    await t.close();
    await t.db.drop();
  });

  it('runs a three-turn consultation to a build that carries the approved plan whole', async () => {
    const first = (await t.http.post('/gantry/consult').set(ALICE).send({ message: 'I want a todo app for my team' }).expect(200)).body as ConsultationBody;
    expect(first).toMatchObject({ status: 'AWAITING_INPUT', pending_question: match.any(String), speech: match.any(String) });
    expect(first.features.length).toBeGreaterThan(0);
    const id = first.mission_id;

    const second = (await t.http.post('/gantry/consult').set(ALICE).send({ message: 'no, add dark mode and search', mission_id: id }).expect(200))
      .body as ConsultationBody;
    expect(second.mission_id).toBe(id);
    expect(second.features.join(' ').toLowerCase()).toMatch(/dark mode/);
    expect(second.features.join(' ').toLowerCase()).toMatch(/search/);

    const third = await t.http.post('/gantry/consult').set(ALICE).send({ message: 'Yes, go ahead!' }).expect(202);
    expect(third.body).toMatchObject({ mission_id: id, speech: match.stringMatching(/^Copy\. Building \d+ features now\.$/) });

    const final = await waitForEnd(t.http, id);
    expect(final).toMatchObject({
      status: 'DEPLOYED',
      mode: 'consultation',
      run: 1,
      failure: null,
      url: match.stringMatching(new RegExp(`/apps/[a-z0-9-]+-${id.slice(0, 8)}/$`)),
      pr_url: match.stringContaining(`/gantry/missions/${id}/pr`),
    });
    const types = await eventTypes(t.http, id);
    expect(types).toEqual([
      'MissionOpened',
      'ConsultantReplied',
      'UserMessageReceived',
      'ConsultantReplied',
      'UserMessageReceived',
      'BuildConfirmed',
      ...BUILT_ATTEMPT,
      ...DEPLOYED,
      ...PUBLISHED,
      'MissionSucceeded',
    ]);
    const { events } = (await t.http.get(`/gantry/missions/${id}/events`)).body as EventsBody;
    const confirmed = required(
      events.find((event) => event.type === 'BuildConfirmed'),
      'a BuildConfirmed event',
    );
    expect(confirmed.data).toEqual({
      buildPrompt: 'I want a todo app for my team\nno, add dark mode and search',
      features: second.features,
      stack: second.proposed_stack,
      designTarget: second.design_target,
    });
    const pr = (await t.http.get(`/gantry/missions/${id}/pr`).expect(200)).body as PullRequestBody;
    expect(pr.description).toContain(confirmed.data.buildPrompt as string);
    for (const feature of second.features) expect(pr.description).toContain(`- ${feature}`);
    await t.http.get(new URL(final.url as string).pathname).expect(200);
    const audit = await t.http.get(`/gantry/missions/${id}/audit`).expect(200);
    expect(audit.body).toMatchObject({ valid: true, events: types.length, firstInvalidRevision: null });
  });

  it.each(['make it look like facebook', 'add a logo in the corner', 'ensure it works offline'])('does not start a build on "%s"', async (message) => {
    const client = { 'X-Gantry-Client': `substring-${message.length}-client` };
    const first = (await t.http.post('/gantry/consult').set(client).send({ message: 'A notes app with tags' }).expect(200)).body as MissionRefBody;
    const second = await t.http.post('/gantry/consult').set(client).send({ message }).expect(200);
    expect(second.body).toMatchObject({ mission_id: first.mission_id, status: 'AWAITING_INPUT' });
    expect(await eventTypes(t.http, first.mission_id)).not.toContain('BuildConfirmed');
  });

  it('treats "a calculator with a clear all button" as a request, not a command to clear', async () => {
    const client = { 'X-Gantry-Client': 'clear-all-button' };
    const before = (await t.http.post('/gantry/consult').set(client).send({ message: 'A quiz app about capitals' }).expect(200)).body as MissionRefBody;
    const reply = (
      await t.http
        .post('/gantry/consult')
        .set({ 'X-Gantry-Client': 'clear-all-other' })
        .send({ message: 'Build a calculator with a clear all button' })
        .expect(200)
    ).body as ConsultationBody;
    expect(reply.status).toBe('AWAITING_INPUT');
    expect(reply.features.join(' ').toLowerCase()).toContain('clear');
    expect(((await t.http.get(`/gantry/status/${before.mission_id}`)).body as StatusBody).archived).toBe(false);
  });

  it('keeps two callers consulting at once apart', async () => {
    const [alice, bob] = await Promise.all([
      t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'alice-parallel-1' }).send({ message: 'A pomodoro timer' }).expect(200),
      t.http.post('/gantry/consult').set({ 'X-Gantry-Client': 'bob-parallel-01' }).send({ message: 'An expense tracker with charts' }).expect(200),
    ]);
    const aliceId = (alice.body as MissionRefBody).mission_id;
    const bobId = (bob.body as MissionRefBody).mission_id;
    expect(aliceId).not.toBe(bobId);
    const [aliceYes, bobRevision] = await Promise.all([
      t.http.post('/gantry/voice').set({ 'X-Gantry-Client': 'alice-parallel-1' }).send({ message: 'yes' }).expect(202),
      t.http.post('/gantry/voice').set({ 'X-Gantry-Client': 'bob-parallel-01' }).send({ message: 'also add export to CSV' }).expect(200),
    ]);
    expect((aliceYes.body as MissionRefBody).mission_id).toBe(aliceId);
    expect((bobRevision.body as MissionRefBody).mission_id).toBe(bobId);
    expect(await waitForEnd(t.http, aliceId)).toMatchObject({ status: 'DEPLOYED' });
    expect(await eventTypes(t.http, bobId)).not.toContain('BuildConfirmed');
    const bobView = (await t.http.get(`/gantry/consultation/${bobId}`).expect(200)).body as ConsultationBody;
    expect(bobView.conversation_history.map((turn) => turn.content)).not.toContain('yes');
  });

  it("answers 404 when a caller names someone else's consultation, and changes nothing", async () => {
    const mine = (await t.http.post('/gantry/consult').set(ALICE).send({ message: 'A blog with markdown posts' }).expect(200)).body as MissionRefBody;
    const response = await t.http.post('/gantry/consult').set(BOB).send({ message: 'yes', mission_id: mine.mission_id }).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', speech: match.any(String) });
    expect(await eventTypes(t.http, mine.mission_id)).toEqual(['MissionOpened', 'ConsultantReplied']);
  });

  it('asks a question instead of proposing a plan for a vague request, and a bare "yes" then confirms nothing', async () => {
    const client = { 'X-Gantry-Client': 'vague-client-01' };
    const vague = (await t.http.post('/gantry/consult').set(client).send({ message: 'build an app' }).expect(200)).body as ConsultationBody;
    expect(vague).toMatchObject({ status: 'AWAITING_INPUT', features: [], proposed_stack: null });
    const yes = (await t.http.post('/gantry/consult').set(client).send({ message: 'yes' }).expect(200)).body as MissionRefBody;
    expect(yes.mission_id).toBe(vague.mission_id);
    expect(await eventTypes(t.http, vague.mission_id)).not.toContain('BuildConfirmed');
  });
});

// Deploy requests, the deploy queue and the throttlers. The lifecycle is expressed through provider
// states ("deploy request 1 is in pending_cutover"...); every action is pinned both where it is
// allowed and, as a 409, in a state where PlanetScale refuses it.
import { describe, expect, it } from 'vitest';
import type { DeploymentState } from '@localscale/sdk';
import {
  actor, apiError, authorized, boolean, expectNotFound, expectRefusal, containing, deploymentStates, eachLike, equal, id, injected, integer, like, list, nullValue,
  oneOf, operationStates, planetscalePact, regex, sdkFor, timestamp, url,
} from './support.js';

const pact = planetscalePact();

const database = '/v1/organizations/${organization}/databases/${database}';
const request = `${database}/deploy-requests/\${number}`;

const states = (...values: DeploymentState[]) => oneOf(values);

const deployment = (state: unknown, extra: Record<string, unknown> = {}) => ({
  id: id(), state, deploy_request_number: integer(1), into_branch: 'main', deployable: boolean(true),
  auto_cutover: boolean(false), auto_delete_branch: boolean(false), instant_ddl: boolean(false), instant_ddl_eligible: boolean(true),
  cutover_expiring: boolean(false), created_at: timestamp(), updated_at: timestamp(), ...extra,
});

/** Drops the keys whose value is undefined: fields a state leaves open. */
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * An open deploy request of branch `feature` into `main`, created with the notes "Adds a column";
 * `extra` overrides fields (undefined leaves one out).
 */
const deployRequest = (deploymentState: unknown, extra: Record<string, unknown> = {}, deploymentExtra: Record<string, unknown> = {}) => defined({
  id: id(), number: integer(1), state: 'open', deployment_state: deploymentState, approved: boolean(false),
  branch: like('feature'), into_branch: 'main', branch_deleted: false, notes: 'Adds a column', actor,
  html_url: url('https://app.planetscale.com/acme/shop/deploy-requests/1'), created_at: timestamp(), updated_at: timestamp(),
  closed_at: nullValue(), deployment: deployment(deploymentState, deploymentExtra), ...extra,
});

const operation = {
  id: id(), state: oneOf(operationStates, 'in_progress'), keyspace_name: like('shop'), table_name: 'widgets', operation_name: 'ALTER',
  ddl_statement: regex(/^ALTER TABLE `widgets`[\s\S]*$/, 'ALTER TABLE `widgets` ADD COLUMN `note` varchar(255)'),
  progress_percentage: like(100), can_drop_data: false, created_at: timestamp(), updated_at: timestamp(),
};

const throttler = { keyspaces: eachLike(like('shop')), configurable: { id: id(), name: like('shop'), created_at: timestamp(), updated_at: timestamp() } };

/** A wrong-state action: PlanetScale refuses it and nothing changes. */
const refused = (action: string, path: string, call: (sdk: ReturnType<typeof sdkFor>) => Promise<unknown>, given = 'deploy request 1 is open and ready to deploy', what = 'a ready deploy request') =>
  it(`refuses to ${action} ${what} (409)`, () => expectRefusal(pact, {
    given, receiving: `a request to ${action} ${what}`, method: 'POST', path,
    status: 409, error: apiError('conflict', { exactCode: false, message: like(`Cannot ${action}`) }),
    call: (server) => call(sdkFor(server)),
  }));

describe('deploy requests', () => {
  it('creates a deploy request (201) that starts by computing its diff', () => pact.addInteraction()
    .given('a ready branch feature with one added column')
    .uponReceiving('a request to create a deploy request')
    .withRequest('POST', injected(`${database}/deploy-requests`), (b) => {
      b.headers(authorized);
      b.jsonBody({ branch: injected('${branch}'), into_branch: 'main', notes: 'Adds a column' });
    })
    .willRespondWith(201, (b) => { b.jsonBody(deployRequest(states('pending', 'ready'), { deployed_at: nullValue() })); })
    .executeTest(async (server) => {
      const dr = await sdkFor(server).deployRequests.create('acme', 'shop', { branch: 'feature', into_branch: 'main', notes: 'Adds a column' });
      expect(dr.state).toBe('open');
    }));

  it('refuses a deploy request into a branch without safe migrations (422)', () => expectRefusal(pact, {
    given: 'two ready development branches feature and other', receiving: 'a request to create a deploy request into a development branch',
    method: 'POST', path: `${database}/deploy-requests`, body: { branch: injected('${branch}'), into_branch: injected('${other}') },
    status: 422, error: apiError('unprocessable', { exactCode: false, message: containing('safe migrations', 'Safe migrations must be enabled on other') }),
    call: (server) => sdkFor(server).deployRequests.create('acme', 'shop', { branch: 'feature', into_branch: 'other' }),
  }));

  it('lists deploy requests', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to list deploy requests')
    .withRequest('GET', injected(`${database}/deploy-requests`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody(list({ id: id(), number: integer(1), state: oneOf(['open', 'closed'], 'open'), deployment_state: oneOf(deploymentStates, 'ready'), branch: like('feature'), into_branch: like('main') }));
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.list('acme', 'shop')).data[0]?.number).toBe(1);
    }));

  it('gets a deploy request that is ready to deploy', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to get a deploy request')
    .withRequest('GET', injected(request), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(deployRequest('ready', { deployed_at: nullValue() }, { deployable: true })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.get('acme', 'shop', 1)).deployment_state).toBe('ready');
    }));

  it('answers 404 not_found for a deploy request that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to get a deploy request that does not exist',
    method: 'GET', path: `${database}/deploy-requests/999`,
    call: (server) => sdkFor(server).deployRequests.get('acme', 'shop', 999),
  }));

  it('closes a deploy request', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to close a deploy request')
    .withRequest('PATCH', injected(request), (b) => {
      b.headers(authorized);
      b.jsonBody({ state: 'closed' });
    })
    .willRespondWith(200, (b) => { b.jsonBody(deployRequest(like('ready'), { state: 'closed', closed_at: timestamp() })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.close('acme', 'shop', 1)).state).toBe('closed');
    }));

  it('deploys a ready deploy request', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to deploy a deploy request')
    .withRequest('POST', injected(`${request}/deploy`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody(deployRequest(states('queued', 'submitting', 'in_progress', 'pending_cutover'), {}, { queued_at: timestamp() }));
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.deploy('acme', 'shop', 1)).state).toBe('open');
    }));

  it('refuses to deploy without the approving review the database requires (403)', () => expectRefusal(pact, {
    given: 'deploy request 1 needs an approving review', receiving: 'a request to deploy a deploy request that is not approved',
    method: 'POST', path: `${request}/deploy`,
    status: 403, error: apiError('forbidden', { exactCode: false, message: containing('approved', 'Deploy request must be approved before deploying') }),
    call: (server) => sdkFor(server).deployRequests.deploy('acme', 'shop', 1),
  }));

  refused('deploy', `${request}/deploy`, (sdk) => sdk.deployRequests.deploy('acme', 'shop', 1), 'deploy request 1 is closed', 'a closed deploy request');

  it('cuts over a gated deployment waiting in pending_cutover', () => pact.addInteraction()
    .given('deploy request 1 is in pending_cutover')
    .uponReceiving('a request to apply a gated deployment')
    .withRequest('POST', injected(`${request}/apply-deploy`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(deployRequest(states('in_progress_cutover', 'complete_pending_revert', 'complete'))); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.applyDeploy('acme', 'shop', 1)).state).toBe('open');
    }));

  refused('apply the deployment of', `${request}/apply-deploy`, (sdk) => sdk.deployRequests.applyDeploy('acme', 'shop', 1));

  it('cancels a deployment waiting in pending_cutover', () => pact.addInteraction()
    .given('deploy request 1 is in pending_cutover')
    .uponReceiving('a request to cancel a deployment')
    .withRequest('POST', injected(`${request}/cancel`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(deployRequest(states('in_progress_cancel', 'complete_cancel', 'cancelled'))); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.cancel('acme', 'shop', 1)).deployment_state).toMatch(/cancel/);
    }));

  refused('cancel the deployment of', `${request}/cancel`, (sdk) => sdk.deployRequests.cancel('acme', 'shop', 1));

  it('reverts a deployment in its revert window', () => pact.addInteraction()
    .given('deploy request 1 is in its revert window')
    .uponReceiving('a request to revert a deployment')
    .withRequest('POST', injected(`${request}/revert`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(deployRequest(states('in_progress_revert', 'in_progress_revert_vschema', 'complete_revert'), { state: oneOf(['open', 'closed'], 'open'), closed_at: undefined })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.revert('acme', 'shop', 1)).deployment_state).toMatch(/revert/);
    }));

  refused('revert', `${request}/revert`, (sdk) => sdk.deployRequests.revert('acme', 'shop', 1));

  it('skips the rest of the revert window', () => pact.addInteraction()
    .given('deploy request 1 is in its revert window')
    .uponReceiving('a request to skip the revert window')
    .withRequest('POST', injected(`${request}/skip-revert`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(deployRequest('complete', { state: oneOf(['open', 'closed'], 'closed'), closed_at: undefined, deployed_at: timestamp() })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.skipRevert('acme', 'shop', 1)).deployment_state).toBe('complete');
    }));

  refused('skip the revert window of', `${request}/skip-revert`, (sdk) => sdk.deployRequests.skipRevert('acme', 'shop', 1));
  refused('complete the deployment of', `${request}/complete-deploy`, (sdk) => sdk.deployRequests.completeDeploy('acme', 'shop', 1));
  refused('force the cut-over of', `${request}/force-cutover`, (sdk) => sdk.deployRequests.forceCutover('acme', 'shop', 1));

  const toggles = [
    { name: 'auto-apply', field: 'auto_cutover', call: (sdk: ReturnType<typeof sdkFor>) => sdk.deployRequests.autoApply('acme', 'shop', 1, true) },
    { name: 'auto-delete-branch', field: 'auto_delete_branch', call: (sdk: ReturnType<typeof sdkFor>) => sdk.deployRequests.autoDeleteBranch('acme', 'shop', 1, true) },
  ] as const;
  for (const toggle of toggles) {
    it(`turns ${toggle.name} on`, () => pact.addInteraction()
      .given('deploy request 1 is open and ready to deploy')
      .uponReceiving(`a request to turn ${toggle.name} on`)
      .withRequest('PUT', injected(`${request}/${toggle.name}`), (b) => {
        b.headers(authorized);
        b.jsonBody({ enable: true });
      })
      .willRespondWith(200, (b) => { b.jsonBody(deployRequest('ready', {}, { [toggle.field]: true })); })
      .executeTest(async (server) => {
        expect((await toggle.call(sdkFor(server))).deployment[toggle.field]).toBe(true);
      }));
  }

  it('shows the deployment waiting for its cut-over', () => pact.addInteraction()
    .given('deploy request 1 is in pending_cutover')
    .uponReceiving('a request to get the deployment of a deploy request')
    .withRequest('GET', injected(`${request}/deployment`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody(deployment('pending_cutover', {
        auto_cutover: false, queued_at: timestamp(), started_at: timestamp(), ready_to_cutover_at: timestamp(), cutover_at: nullValue(),
        finished_at: nullValue(), deploy_operations: eachLike(operation),
      }));
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.deployment('acme', 'shop', 1)).state).toBe('pending_cutover');
    }));

  it('lists the operations of a deployment', () => pact.addInteraction()
    .given('deploy request 1 is in pending_cutover')
    .uponReceiving('a request to list the operations of a deployment')
    .withRequest('GET', injected(`${request}/operations`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list(operation, { onePage: true })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.operations('acme', 'shop', 1)).data[0]?.table_name).toBe('widgets');
    }));

  it('shows the schema changes of a deploy request', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to get the diff of a deploy request')
    .withRequest('GET', injected(`${request}/diff`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ data: eachLike({ name: 'widgets', raw: containing('`note', 'ALTER TABLE `widgets` ADD COLUMN `note` varchar(255);'), html: like('') }) }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.diff('acme', 'shop', 1)).data[0]?.name).toBe('widgets');
    }));

  it('lists the deployments in the deploy queue', () => pact.addInteraction()
    .given('deploy request 1 is in pending_cutover')
    .uponReceiving('a request to get the deploy queue')
    .withRequest('GET', injected(`${database}/deploy-queue`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list({ id: id(), state: oneOf(deploymentStates, 'pending_cutover'), deploy_request_number: integer(1), into_branch: like('main') })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.queue('acme', 'shop')).data[0]?.deploy_request_number).toBe(1);
    }));
});

describe('deploy request reviews', () => {
  it('lists the reviews of a deploy request', () => pact.addInteraction()
    .given('deploy request 1 has a review comment')
    .uponReceiving('a request to list the reviews of a deploy request')
    .withRequest('GET', injected(`${request}/reviews`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody(list({ id: id(), state: 'commented', body: 'Looks reasonable', html_body: like('<p>Looks reasonable</p>'), actor, created_at: timestamp(), updated_at: timestamp() }, { onePage: true }));
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.reviews('acme', 'shop', 1)).data[0]?.state).toBe('commented');
    }));

  it('adds a review comment (201)', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to comment on a deploy request')
    .withRequest('POST', injected(`${request}/reviews`), (b) => {
      b.headers(authorized);
      b.jsonBody({ state: 'commented', body: 'Looks reasonable' });
    })
    .willRespondWith(201, (b) => { b.jsonBody({ id: id(), state: 'commented', body: 'Looks reasonable', actor, created_at: timestamp(), updated_at: timestamp() }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.review('acme', 'shop', 1, { state: 'commented', body: 'Looks reasonable' })).state).toBe('commented');
    }));

  it('refuses an approval from the deploy request\'s own author (403)', () => expectRefusal(pact, {
    given: 'deploy request 1 is open and ready to deploy', receiving: 'a request to approve one\'s own deploy request',
    method: 'POST', path: `${request}/reviews`, body: { state: 'approved' },
    status: 403, error: apiError('forbidden', { exactCode: false, message: like('You cannot approve your own deploy request') }),
    call: (server) => sdkFor(server).deployRequests.approve('acme', 'shop', 1),
  }));
});

describe('throttlers', () => {
  it('gets the throttler of a deploy request', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to get the throttler of a deploy request')
    .withRequest('GET', injected(`${request}/throttler`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(throttler); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.throttler('acme', 'shop', 1)).keyspaces).toContain('shop');
    }));

  it('throttles a deploy request (ratio 0 to 95)', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to throttle a deploy request')
    .withRequest('PATCH', injected(`${request}/throttler`), (b) => {
      b.headers(authorized);
      b.jsonBody({ ratio: 25 });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ ...throttler, configurations: eachLike({ keyspace_name: like('shop'), ratio: equal(25) }) }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).deployRequests.throttle('acme', 'shop', 1, { ratio: 25 })).configurations[0]?.ratio).toBe(25);
    }));

  it('gets the throttler of a database', () => pact.addInteraction()
    .given('a database whose deployments run at full speed')
    .uponReceiving('a request to get the throttler of a database')
    .withRequest('GET', injected(`${database}/throttler`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(throttler); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).databases.throttler('acme', 'shop')).keyspaces).toContain('shop');
    }));

  it('throttles the deployments of a database', () => pact.addInteraction()
    .given('a database whose deployments run at full speed')
    .uponReceiving('a request to throttle a database')
    .withRequest('PATCH', injected(`${database}/throttler`), (b) => {
      b.headers(authorized);
      b.jsonBody({ ratio: 10 });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ ...throttler, configurations: eachLike({ keyspace_name: like('shop'), ratio: equal(10) }) }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).databases.updateThrottler('acme', 'shop', { ratio: 10 })).configurations[0]?.ratio).toBe(10);
    }));
});

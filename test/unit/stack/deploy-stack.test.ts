import {describe, expect, it} from 'vitest';
import {PLAN_LINES_SHOWN, planDetails} from '../../../source/app/operations/deploy-stack.js';
import {operations} from '../../../source/app/operations/index.js';

describe('a in :stacks', () => {
  it('shows a short plan whole and cuts a long one to the frame, counting the rest', () => {
    const short = ['create network shop_default', 'update service shop_web'];
    expect(planDetails(short)).toEqual(short);
    const long = Array.from({length: 40}, (_, at) => `line ${at}`);
    const shown = planDetails(long);
    expect(shown).toHaveLength(PLAN_LINES_SHOWN);
    expect(shown.at(-2)).toBe(`line ${PLAN_LINES_SHOWN - 2}`);
    expect(shown.at(-1)).toBe(`… and ${40 - PLAN_LINES_SHOWN + 1} more lines (swarmtop stack plan prints them all)`);
  });

  it('is one dangerous operation on the stacks pane, so --readonly has no key for it', () => {
    const deploy = operations.find(operation => operation.id === 'deployStack');
    expect(deploy).toMatchObject({keys: ['a'], panes: ['stacks'], dangerous: true, target: 'stack'});
  });
});

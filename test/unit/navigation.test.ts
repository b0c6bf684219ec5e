import {describe, expect, it} from 'vitest';
import {back, moveSelection, newFrame, push, selectedIndex, switchTo, toggleSort, updateTop} from '../../source/shell/navigation.js';

describe('selection by ID', () => {
  const frame = {...newFrame('services'), selectedId: 'b', lastIndex: 1};

  it('follows the selected object when rows are re-ordered', () => {
    expect(selectedIndex(['c', 'a', 'b'], frame)).toBe(2);
  });

  it('lands near where the object was when it disappears', () => {
    expect(selectedIndex(['a', 'c', 'd'], frame)).toBe(1);
    expect(selectedIndex(['a'], frame)).toBe(0);
    expect(selectedIndex([], frame)).toBe(-1);
  });

  it('clamps moves to the list', () => {
    expect(moveSelection(['a', 'b', 'c'], 10)).toEqual({selectedId: 'c', lastIndex: 2});
    expect(moveSelection(['a', 'b', 'c'], -3)).toEqual({selectedId: 'a', lastIndex: 0});
  });
});

describe('stack', () => {
  it('drills in and comes back out with the parent frame intact', () => {
    const root = {...newFrame('services'), selectedId: 'web'};
    const stack = push([root], newFrame('tasks', {serviceId: 'web'}));
    expect(stack).toHaveLength(2);
    expect(back(stack)).toEqual([root]);
  });

  it('clears the filter before leaving the frame', () => {
    const stack = updateTop(push([newFrame('services')], newFrame('tasks')), {filter: 'web'});
    const cleared = back(stack);
    expect(cleared).toHaveLength(2);
    expect(cleared[1]!.filter).toBe('');
    expect(back(cleared)).toHaveLength(1);
  });

  it('does not pop the root', () => {
    expect(back([newFrame('nodes')])).toHaveLength(1);
  });

  it('starts a fresh stack when switching views, keeping the root when it is already there', () => {
    const root = {...newFrame('nodes'), selectedId: 'n1'};
    expect(switchTo([root, newFrame('tasks', {nodeId: 'n1'})], 'nodes')).toEqual([root]);
    expect(switchTo([root], 'services')[0]!.view).toBe('services');
  });

  it('reverses the sort on a second press of the same key', () => {
    const frame = newFrame('services');
    const first = toggleSort(frame, 'name');
    expect(first).toEqual({columnId: 'name', descending: false});
    expect(toggleSort({...frame, sort: first}, 'name')).toEqual({columnId: 'name', descending: true});
    expect(toggleSort({...frame, sort: first}, 'age')).toEqual({columnId: 'age', descending: false});
  });
});

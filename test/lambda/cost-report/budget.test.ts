import { parseBudget } from '../../../lambda/cost-report/core';
import { compareWithBudget } from '../../../lambda/cost-report/report';

/** The budget verdict at its edges: spending exactly the budget is within it (as AWS Budgets alerts only above 100 %). */
describe('compareWithBudget', () => {
  it('month to date exactly at the budget is within it; a cent more is over', () => {
    expect(compareWithBudget(150, 150, 150)).toEqual({ monthlyUsd: 150, monthToDatePercent: 100, forecastPercent: 100, status: 'within' });
    expect(compareWithBudget(150.01, 150.01, 150).status).toBe('over');
  });

  it('a forecast exactly at the budget is within it; a cent more is forecast over', () => {
    expect(compareWithBudget(10, 150, 150).status).toBe('within');
    expect(compareWithBudget(10, 150.01, 150).status).toBe('forecast-over');
  });

  it('spending over the budget outranks a forecast over it', () => {
    expect(compareWithBudget(151, 300, 150).status).toBe('over');
  });
});

describe('parseBudget', () => {
  it('accepts any positive amount, however small, and refuses zero or less', () => {
    expect(parseBudget('0.01')).toBe(0.01);
    expect(() => parseBudget('0')).toThrow('Monthly budget must be a positive number of USD; got "0"');
    expect(() => parseBudget('-1')).toThrow('Monthly budget must be a positive number of USD; got "-1"');
  });
});

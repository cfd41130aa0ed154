import { conflictingResources, missedConsumers } from '../../../src/cli/rotate/missed-consumers';
import type { Usage } from '../../../src/usage/certificate-usage';

const classic: Usage = { service: 'elb', resource: 'legacy-elb', detail: '443', region: 'us-east-1' };
const alb: Usage = { service: 'elbv2', resource: 'shop-alb', detail: '443', region: 'eu-west-1' };
const cdn: Usage = { service: 'cloudfront', resource: 'E1CDN', detail: 'www.example.com', region: 'global' };
const message = (arn: string): string => `Certificate: ASCAOLD is currently in use by ${arn}. Please remove it first before deleting it from IAM.`;

describe('missedConsumers', () => {
  it('reads the ARN IAM names, without the sentence\'s full stop', () => {
    expect(conflictingResources(message('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-elb'))).toEqual([
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-elb',
    ]);
    expect(conflictingResources('DeleteConflict without a resource')).toEqual([]);
  });

  it('matches a moved Classic, Application or Network Load Balancer and distribution by kind, region and name: IAM lagging behind, not missed', () => {
    const moved = [classic, alb, cdn];
    expect(missedConsumers(message('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-elb'), moved)).toEqual([]);
    expect(missedConsumers(message('arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188'), moved)).toEqual([]);
    expect(missedConsumers(message('arn:aws:cloudfront::123456789012:distribution/E1CDN'), moved)).toEqual([]);
  });

  it('counts as missed a resource in another region, of another kind, of another name, or of a form it does not know', () => {
    const others = [
      'arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:loadbalancer/legacy-elb',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/legacy-elb/50dc6c495c0c9188',
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other-alb/50dc6c495c0c9188',
      'arn:aws:cloudfront::123456789012:distribution/E2OTHER',
      'arn:aws:apigateway:us-east-1::/domainnames/api.example.com',
    ];
    for (const arn of others) expect(missedConsumers(message(arn), [classic, alb, cdn])).toEqual([arn]);
  });
});

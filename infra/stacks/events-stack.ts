import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { LvuConfig } from '../config';

/** `detail-type`s lvu publishes on its bus. */
export const LVU_EVENT_TYPES = ['VideoAnalyzed', 'VideoFailed'] as const;
/** `source` of every lvu event. */
export const LVU_EVENT_SOURCE = 'lvu';

/**
 * The EventBridge bus on which lvu announces finished (`VideoAnalyzed`) and failed
 * (`VideoFailed`) videos; subscribers add their own rules. Events are archived for replay.
 */
export class EventsStack extends Stack {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: StackProps & { config: LvuConfig }) {
    super(scope, id, props);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `lvu-${props.config.stage}` });
    this.bus.archive('Archive', {
      description: 'lvu video events, for replay into new subscribers',
      eventPattern: { source: [LVU_EVENT_SOURCE], detailType: [...LVU_EVENT_TYPES] },
      retention: Duration.days(30),
    });
  }
}

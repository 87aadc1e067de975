package org.faceid.streams.local;

/** The scenarios on the in-process KRaft broker that {@code deploy/run-local.sh} starts. */
class EmbeddedBrokerScenariosIT extends ServiceScenarios {

  @Override
  String bootstrapServers() {
    return null;
  }
}

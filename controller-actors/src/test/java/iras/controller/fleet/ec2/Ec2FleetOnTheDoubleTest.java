package iras.controller.fleet.ec2;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The fleet's life against the project's EC2 double. */
class Ec2FleetOnTheDoubleTest extends Ec2FleetContract {
  private Ec2QueryEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint = new Ec2QueryEndpoint();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Override
  URI endpoint() {
    return endpoint.uri();
  }

  @Override
  String image() {
    return "ami-0123456789abcdef0";
  }

  @Override
  void settle() {
    for (Ec2QueryEndpoint.Vm vm : endpoint.instances()) {
      switch (vm.state) {
        case "pending" -> endpoint.become(vm.id, "running");
        case "stopping" -> endpoint.become(vm.id, "stopped");
        case "shutting-down" -> endpoint.become(vm.id, "terminated");
        default -> { }
      }
    }
  }

  @Override
  String deployment() {
    return "contract";
  }
}
